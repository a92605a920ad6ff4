// GNU readline (apt package libreadline-dev). GPL-3.0: TuneLab is GPL-3.0-or-later.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// Readline is configured through global variables. Swift 6 refuses to touch a C global
// from Swift (it cannot know which thread owns it), so the one file that drives readline
// sets and reads them through these functions, always on the thread that calls readline().
static inline void tunelab_rl_configure(const char *name, const char *word_breaks,
                                        rl_completion_func_t *complete, rl_hook_func_t *startup,
                                        rl_hook_func_t *signal_event, rl_getc_func_t *getc) {
    rl_readline_name = name;
    rl_completer_word_break_characters = word_breaks;
    rl_attempted_completion_function = complete;
    rl_startup_hook = startup;
    rl_catch_signals = 0;  // our SIGINT handler only raises a flag; see ReadlineLineReader
    rl_signal_event_hook = signal_event;
    rl_getc_function = getc;
}
static inline FILE *tunelab_rl_outstream(void) { return rl_outstream ? rl_outstream : stdout; }
static inline const char *tunelab_rl_line_buffer(void) { return rl_line_buffer; }
static inline void tunelab_rl_completion_options(int attempted_over, int append_character) {
    rl_attempted_completion_over = attempted_over;
    rl_completion_append_character = append_character;
}
static inline HIST_ENTRY *tunelab_last_history_entry(void) {
    return history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
}
