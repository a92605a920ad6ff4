/// A set of parameters that share a learning-rate multiplier and a weight decay.
///
/// Groups give different parts of a model different treatment: a pre-trained body
/// learns more slowly than a fresh head (discriminative learning rates), and biases
/// and normalization weights are usually not decayed.
public struct ParameterGroup {
    /// A name for reports ("head", "blocks.3 (no decay)").
    public var name: String
    /// The parameters, as the module system lists them: dotted keys and tensors.
    public var parameters: [(key: String, tensor: Tensor)]
    /// Multiplies the optimizer's base learning rate for this group: the group's
    /// rate is `optimizer.learningRate × learningRateMultiplier`, so a schedule that
    /// moves the base rate moves every group together. 1 = the base rate.
    public var learningRateMultiplier: Float
    /// This group's weight decay; nil uses the optimizer's `weightDecay`.
    public var weightDecay: Float?

    public init(
        name: String = "parameters", parameters: [(key: String, tensor: Tensor)],
        learningRateMultiplier: Float = 1, weightDecay: Float? = nil
    ) {
        self.name = name
        self.parameters = parameters
        self.learningRateMultiplier = learningRateMultiplier
        self.weightDecay = weightDecay
    }
}

// MARK: - Decay / no-decay split

extension ParameterGroup {
    /// Whether a parameter key names a bias or a normalization weight, which by
    /// convention gets no weight decay.
    ///
    /// The rule, applied to the dotted key:
    /// - the last component ends in "bias" (`query.bias`, `output_bias`), or
    /// - the key contains "norm", ignoring case (`LayerNorm.weight`, `norm1.weight`,
    ///   `final_norm.weight`, `layer_norm.gamma`), or
    /// - some component is "ln" or starts with "ln" followed by digits or "_"
    ///   (`ln.weight`, `ln1.weight`, `ln_f.weight`, `h.0.ln_2.bias`), but not a
    ///   word that merely starts with those letters.
    ///
    /// Decaying a bias or a normalization gain pulls it towards 0, which only fights
    /// the layer's scale and offset; those parameters are few and do not overfit.
    public static func isExcludedFromWeightDecay(_ key: String) -> Bool {
        let components = key.split(separator: ".")
        if let last = components.last, last.hasSuffix("bias") { return true }
        if key.lowercased().contains("norm") { return true }
        for component in components where component.hasPrefix("ln") {
            let rest = component.dropFirst(2)
            if rest.isEmpty || rest.first == "_" || rest.allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    /// Splits parameters into two groups: "decay" (weight decay `weightDecay`) and
    /// "no decay" (weight decay 0) by `isExcludedFromWeightDecay`. Both keep the
    /// given multiplier; an empty group is left out. Order within a group is kept.
    public static func splitByWeightDecay(
        _ parameters: [(key: String, tensor: Tensor)], weightDecay: Float,
        learningRateMultiplier: Float = 1, namePrefix: String = ""
    ) -> [ParameterGroup] {
        let decayed = parameters.filter { !isExcludedFromWeightDecay($0.key) }
        let notDecayed = parameters.filter { isExcludedFromWeightDecay($0.key) }
        let prefix = namePrefix.isEmpty ? "" : namePrefix + " "
        var groups: [ParameterGroup] = []
        if !decayed.isEmpty {
            groups.append(ParameterGroup(
                name: prefix + "decay", parameters: decayed,
                learningRateMultiplier: learningRateMultiplier, weightDecay: weightDecay))
        }
        if !notDecayed.isEmpty {
            groups.append(ParameterGroup(
                name: prefix + "no decay", parameters: notDecayed,
                learningRateMultiplier: learningRateMultiplier, weightDecay: 0))
        }
        return groups
    }
}

// MARK: - Discriminative learning rates

extension ParameterGroup {
    /// Groups parameters by depth so that lower layers learn more slowly: the top
    /// layer gets multiplier 1 and each layer below it gets the one above divided by
    /// `factor` (2.6 is the customary value for fine-tuning pre-trained text models).
    ///
    /// Layers are found from the keys, in the order the module lists them:
    /// - keys `<blockPrefix>.<n>.…` belong to block n;
    /// - keys listed before the first block key (embeddings) form the bottom layer;
    /// - keys listed after the last block key (final norm, head) form the top layer.
    /// Keys between blocks that belong to no block join the block listed just before.
    ///
    /// With 2 blocks, a head and embeddings, the multipliers are:
    /// head 1, blocks.1 1/2.6, blocks.0 1/2.6², embeddings 1/2.6³.
    ///
    /// With `weightDecay` given, every layer is further split into decay / no-decay
    /// groups (see `splitByWeightDecay`); otherwise groups use the optimizer's decay.
    /// Groups are returned top layer first.
    public static func discriminative(
        _ parameters: [(key: String, tensor: Tensor)], blockPrefix: String = "blocks",
        factor: Float = 2.6, weightDecay: Float? = nil
    ) throws -> [ParameterGroup] {
        guard factor > 0, factor.isFinite else {
            throw OptimizerError.invalidHyperparameter(
                name: "factor", value: factor, accepts: "a positive finite number (2.6 is customary)")
        }
        // Assign each parameter a layer name, bottom to top, in list order.
        var layerNames: [String] = []   // bottom to top
        var layerMembers: [String: [(key: String, tensor: Tensor)]] = [:]
        var seenBlock = false
        var afterBlocks: [(key: String, tensor: Tensor)] = []
        var currentLayer = "embeddings"
        for parameter in parameters {
            let parts = parameter.key.split(separator: ".", maxSplits: 2)
            if parts.count >= 2, parts[0] == blockPrefix, Int(parts[1]) != nil {
                // Trailing non-block keys seen so far sit between blocks: they join
                // the block before them.
                if !afterBlocks.isEmpty {
                    layerMembers[currentLayer, default: []].append(contentsOf: afterBlocks)
                    afterBlocks.removeAll()
                }
                seenBlock = true
                currentLayer = "\(blockPrefix).\(parts[1])"
            } else if seenBlock {
                afterBlocks.append(parameter)
                continue
            }
            if layerMembers[currentLayer] == nil { layerNames.append(currentLayer) }
            layerMembers[currentLayer, default: []].append(parameter)
        }
        guard seenBlock else {
            // No blocks: one layer, one group.
            return [ParameterGroup(name: "parameters", parameters: parameters, weightDecay: nil)]
                .flatMap { group in
                    weightDecay.map { splitByWeightDecay(group.parameters, weightDecay: $0) } ?? [group]
                }
        }
        if !afterBlocks.isEmpty {
            layerNames.append("head")
            layerMembers["head"] = afterBlocks
        }

        var groups: [ParameterGroup] = []
        var multiplier: Float = 1
        for name in layerNames.reversed() {
            let members = layerMembers[name] ?? []
            if let weightDecay {
                groups += splitByWeightDecay(
                    members, weightDecay: weightDecay, learningRateMultiplier: multiplier,
                    namePrefix: name)
            } else {
                groups.append(ParameterGroup(
                    name: name, parameters: members, learningRateMultiplier: multiplier))
            }
            multiplier /= factor
        }
        return groups
    }
}
