// GNU readline (apt package libreadline-dev). GPL-3.0: TuneLab is GPL-3.0-or-later.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
