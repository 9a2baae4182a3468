<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>Examples</name>
    <message>
        <source>Two samples: where optimizers part</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The neuron fitted to two samples: SGD and momentum head one way, the adaptive rules (AdaGrad, RMSprop, Adam) another.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The series' picture: one sample (x = 1, y* = 0.5)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The seed article's neuron. With one sample ∂L/∂w = x·∂L/∂b, so every optimizer moves along the same line: they differ only in speed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rosenbrock's valley: momentum pays</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A long curved valley: plain SGD crawls, momentum and NAG reach the minimum (1, 1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Himmelblau: one start, different minima</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Four minima of equal depth: from the same start, momentum ends in another one than SGD, RMSprop and Adam.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Escaping a saddle point</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Started next to the saddle of y² − x²: how fast each rule finds the way down.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A learning rate too large</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The bowl x²/20 + y² has curvature 2 along y, so SGD is stable for η &lt; 2/2 = 1: η = 0.9 zig-zags in, η = 1.05 diverges.</source>
        <translation type="unfinished" />
    </message>
</context><context>
    <name>core</name>
    <message>
        <source>learning rate η</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>momentum factor μ</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>dampening τ of the gradient in the buffer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>dampening</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>'torch': torch.optim.SGD's update; 'series': the seed series' Δ = μΔ − (1−μ)ηg</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>form</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>buf</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>learning-rate decay λ_d: η_t = η/(1 + (t−1)λ_d)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>lr decay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>added to the denominator for stability</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>starting value h₀ of Σg²</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>initial accumulator value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay ρ of the running average of g² (torch's alpha)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>divide by the running variance instead of the mean g²</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>centered</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>momentum factor μ (0 = none)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>v</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>scale η of the move (Zeiler's rule: 1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay ρ of the running average of g²</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>added inside both roots</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>u</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>learning rate η (the series' α)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay of the first moment (mean of g)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>beta1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay of the second moment (mean of g²)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>beta2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>m</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay ρ of the running averages of g and g²</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>added inside the root</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>momentum factor μ (Graves used 0.9)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>largest step factor η (caps ζ)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>momentum μ's limit (the series' μ)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay of the second moment (the series' ν)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>speed ψ of the momentum warm-up schedule</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>momentum decay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay of the loss feedback d̃</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>beta3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>clip d̂ to [1/c, c]</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>c</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>known or assumed minimum f* of the loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>f star</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>d</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay σ of the running average of g²/N²</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>λ in G = 1/√(λ + √v)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>annealing exponent γ of β_t = t^γ</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>annealing rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>steps of exploration (t &lt; burnin) before refinement</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>burnin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>initial friction α₀ = √η·C</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>C</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the series' number of minibatches; v uses g²/N² (1: the paper's scale for a mean loss)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>seed of the random generator</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>seed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>G</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>v max</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Adam-phase learning rate η (the series' α)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>SGD rate η* that both bounds converge to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>final eta</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>convergence speed γ of the bounds</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay of the belief s (variance of g around m)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>added to s and to √ŝ for stability</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>learning rate η of the base optimizer (default: the base's own)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>radius ρ of the neighbourhood</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the optimizer that takes the step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>base</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>dual exponent q: the ball is ‖ε‖_p ≤ ρ with 1/p + 1/q = 1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>q</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decoupled weight decay λ (0 = plain Adam)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>weight decay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>decay β of the momentum buffer</source>
        <translation>モーメンタムのバッファの減衰率 β</translation>
    </message>
    <message>
        <source>immediate discount ν: weight of the buffer against the gradient</source>
        <translation>即時割引 ν：勾配に対するバッファの重み</translation>
    </message>
    <message>
        <source>immediate discount ν1 of the first moment</source>
        <translation>一次モーメントの即時割引 ν1</translation>
    </message>
    <message>
        <source>immediate discount ν2 of the second moment</source>
        <translation>二次モーメントの即時割引 ν2</translation>
    </message>
    <message>
        <source>step factor η (1: the full Newton step)</source>
        <translation>ステップの倍率 η（1：ニュートン法の完全なステップ）</translation>
    </message>
    <message>
        <source>least curvature δ kept by the shift μ</source>
        <translation>シフト μ で保つ最小の曲率 δ</translation>
    </message>
    <message>
        <source>damping</source>
        <translation>減衰</translation>
    </message>
    <message>
        <source>trust radius r: longest step</source>
        <translation>信頼半径 r：ステップの最大の長さ</translation>
    </message>
    <message>
        <source>radius</source>
        <translation>半径</translation>
    </message>
    <message>
        <source>shift</source>
        <translation>シフト</translation>
    </message>
    <message>
        <source>first trial step α₀ of the line search</source>
        <translation>直線探索の最初の試行ステップ α₀</translation>
    </message>
    <message>
        <source>pairs m kept in the memory</source>
        <translation>記憶しておくペアの数 m</translation>
    </message>
    <message>
        <source>sufficient decrease constant c₁ (Armijo)</source>
        <translation>十分減少の定数 c₁（Armijo 条件）</translation>
    </message>
    <message>
        <source>c₁</source>
        <translation>c₁</translation>
    </message>
    <message>
        <source>factor ρ of each backtrack</source>
        <translation>バックトラック1回ごとの縮小率 ρ</translation>
    </message>
    <message>
        <source>most trials of the line search</source>
        <translation>直線探索の最大試行回数</translation>
    </message>
    <message>
        <source>max backtracks</source>
        <translation>バックトラックの最大回数</translation>
    </message>
    <message>
        <source>direction</source>
        <translation>探索方向</translation>
    </message>
    <message>
        <source>λ: half-width of the zeroed band [−λ, λ]</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>lam</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>λ: half-width of the zeroed band; x is moved λ towards 0</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>threshold: x passes where x &gt; th</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>th</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>value taken where x ≤ th</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>α: slope for x &lt; 0</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>α: value approached for x → −∞ is −α</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>λ: scale</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>α: negative saturation −λα</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>α: scale of the negative branch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>β: sharpness of the gate σ(βx)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>activation of the neuron</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>act</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>loss against the targets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>grid points per axis for drawing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>resolution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the value at every step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>value at the first step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>steps between two decays</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>step size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>factor at each decay γ</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>factor per step γ</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>value at the first step η_max</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>steps from η_max down to η_min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>T max</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the lowest value η_min, reached at the end of a cosine</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>value at the start of each cycle η_max</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>steps of the first cycle</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>T 0</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>factor of each next cycle's length</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>T mult</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the value the factors multiply</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>factor at the first step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>start factor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>factor from total_iters on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>end factor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>steps from start_factor to end_factor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>total iters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the highest value (torch's max_lr)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>peak</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>steps of the cycle</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>total steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>share of the cycle spent rising</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pct start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>first value = peak/div_factor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>div factor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>last value = first/final_div_factor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>final div factor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>shape of each phase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>anneal</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>rise, fall back to the first value, then anneal</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>three phase</source>
        <translation type="unfinished" />
    </message>
</context></TS>