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
    <name>MainWindow</name>
    <message>
        <source>S&amp;weep η…</source>
        <translation>η のスイープ(&amp;W)…</translation>
    </message>
</context><context>
    <name>SummaryPanel</name>
    <message>
        <source>Type the loss threshold as a number, e.g. 0.01.</source>
        <translation>損失のしきい値を数値で入力してください（例: 0.01）。</translation>
    </message>
    <message>
        <source>Summary at the current step</source>
        <translation>現在のステップのまとめ</translation>
    </message>
    <message>
        <source>Loss threshold</source>
        <translation>損失のしきい値</translation>
    </message>
    <message>
        <source>The table gives the first step at which each run's loss was at or under this value</source>
        <translation>各実行の損失がこの値以下になった最初のステップを表に示します</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copy the table as CSV (Ctrl+C)</source>
        <translation>表を CSV としてコピー (Ctrl+C)</translation>
    </message>
</context><context>
    <name>SummaryTable</name>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>移動距離</translation>
    </message>
    <message>
        <source>Loss ≤ {t} at step</source>
        <translation>損失 ≤ {t} のステップ</translation>
    </message>
    <message>
        <source>Diverged at step</source>
        <translation>発散したステップ</translation>
    </message>
    <message>
        <source>The run (optimizer and η) or recorded path</source>
        <translation>実行（最適化手法と η）または記録された軌跡</translation>
    </message>
    <message>
        <source>Loss at the current step</source>
        <translation>現在のステップでの損失</translation>
    </message>
    <message>
        <source>Distance travelled so far: the sum of the steps' lengths</source>
        <translation>ここまでの移動距離：各ステップの長さの合計</translation>
    </message>
    <message>
        <source>First step at which the loss was at or under the threshold (if by now)</source>
        <translation>損失がしきい値以下になった最初のステップ（現在までに達した場合）</translation>
    </message>
    <message>
        <source>Step at which the run diverged (if by now)</source>
        <translation>発散したステップ（現在までに発散した場合）</translation>
    </message>
    <message>
        <source>The threshold must be a finite number.</source>
        <translation>しきい値は有限の数値にしてください。</translation>
    </message>
    <message>
        <source>Click a column's title to sort; Ctrl+C copies the table as CSV</source>
        <translation>列の見出しをクリックすると並べ替えます。Ctrl+C で表を CSV としてコピーします</translation>
    </message>
</context><context>
    <name>Sweep</name>
    <message>
        <source>Both ends must be positive numbers.</source>
        <translation>両端は正の数にしてください。</translation>
    </message>
    <message>
        <source>The count must be a whole number of at least 2.</source>
        <translation>個数は 2 以上の整数にしてください。</translation>
    </message>
    <message>
        <source>The two ends must differ.</source>
        <translation>両端には異なる値を指定してください。</translation>
    </message>
    <message>
        <source>Type one or more values of η, e.g. 0.01, 0.1, 1.</source>
        <translation>η の値を 1 つ以上入力してください（例: 0.01, 0.1, 1）。</translation>
    </message>
    <message>
        <source>“{word}” is not a number.</source>
        <translation>「{word}」は数値ではありません。</translation>
    </message>
    <message>
        <source>{name} has no learning rate η.</source>
        <translation>{name} には学習率 η がありません。</translation>
    </message>
    <message>
        <source>η = {v} appears twice.</source>
        <translation>η = {v} が 2 回あります。</translation>
    </message>
    <message>
        <source>η = {v} is outside {name}'s range {range}.</source>
        <translation>η = {v} は {name} の範囲 {range} の外です。</translation>
    </message>
</context><context>
    <name>SweepDialog</name>
    <message>
        <source>Type one number in each end's field.</source>
        <translation>両端の欄にはそれぞれ数値を 1 つ入力してください。</translation>
    </message>
    <message>
        <source>Sweep η</source>
        <translation>η のスイープ</translation>
    </message>
    <message>
        <source>Race one optimizer against itself over several learning rates η. The runs are drawn from dark blue (smallest η) to orange (largest).</source>
        <translation>1 つの最適化手法を、いくつかの学習率 η で比較します。軌跡は濃い青（最小の η）からオレンジ（最大の η）の色で描かれます。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>&amp;Log-spaced</source>
        <translation>対数で等間隔(&amp;L)</translation>
    </message>
    <message>
        <source>L&amp;ist of values</source>
        <translation>値のリスト(&amp;I)</translation>
    </message>
    <message>
        <source>from</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>to</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>count</source>
        <translation>個数</translation>
    </message>
    <message>
        <source>Values of η separated by commas or spaces</source>
        <translation>η の値（カンマまたは空白で区切る）</translation>
    </message>
    <message>
        <source>{n} runs of {name}: η = {values}</source>
        <translation>{name} の実行 {n} 個: η = {values}</translation>
    </message>
    <message>
        <source>The race holds at most {limit} runs: the first {limit} values are kept, {cut} left out.</source>
        <translation>比較できるのは最大 {limit} 個です。最初の {limit} 個の値を使い、{cut} 個は除きます。</translation>
    </message>
    <message>
        <source>The sweep replaces the race (at most {limit} runs).</source>
        <translation>スイープは現在の比較を置き換えます（最大 {limit} 個）。</translation>
    </message>
    <message>
        <source>Sweep η…</source>
        <translation>η のスイープ…</translation>
    </message>
    <message>
        <source>Race one optimizer over several learning rates η</source>
        <translation>1 つの最適化手法をいくつかの学習率 η で比較します</translation>
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