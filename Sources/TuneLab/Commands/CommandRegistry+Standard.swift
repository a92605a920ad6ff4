extension CommandRegistry {
    /// Every command of the lab. A feature adds its command here with one line.
    public static func standard() -> CommandRegistry {
        let registry = CommandRegistry()
        // MARK: Generic
        registry.register(.help)
        registry.register(.list)
        registry.register(.show)
        registry.register(.remove)
        registry.register(.seed)
        registry.register(.export)
        registry.register(.clear)
        registry.register(.quit)
        // MARK: Lessons
        registry.register(.lessons)
        registry.register(.openLesson)
        registry.register(.nextStep)
        registry.register(.backStep)
        registry.register(.gotoStep)
        registry.register(.whereAmI)
        registry.register(.restartLesson)
        registry.register(.hint)
        registry.register(.skipStep)
        registry.register(.checkStep)
        // MARK: Engine (features register their commands below)
        registry.register(.data)
        registry.register(.neuron)
        registry.register(.mlp)
        registry.register(.weights)
        registry.register(.grads)
        registry.register(.activations)
        registry.register(.params)
        registry.register(.gradcheck)
        return registry
    }
}
