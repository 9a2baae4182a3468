<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>AppState</name>
    <message>
        <source>η = {eta} is outside {optimizer}'s range; it takes its demo η = {demo}</source>
        <translation>η = {eta} は {optimizer} の範囲外のため、デモ用の η = {demo} を使います</translation>
    </message>
</context><context>
    <name>BasinsLegend</name>
    <message>
        <source>({w}, {b}): {share}</source>
        <extracomment>The legend's words (context "BasinsLegend"): English in ``gradscape basins``' pictures, the interface's language in the window (its view passes its ``translator``).</extracomment>
        <translation>({w}, {b}): {share}</translation>
    </message>
    <message>
        <source>({w}, {b}) (found): {share}</source>
        <translation>({w}, {b})（探索で発見）: {share}</translation>
    </message>
    <message>
        <source>{count} more minima: {share}</source>
        <translation>ほか {count} 個の最小値: {share}</translation>
    </message>
    <message>
        <source>not converged: {share}</source>
        <translation>収束せず: {share}</translation>
    </message>
    <message>
        <source>diverged: {share}</source>
        <translation>発散: {share}</translation>
    </message>
</context><context>
    <name>ContourLegend</name>
    <message>
        <source>{label}  (diverged)</source>
        <translation>{label}（発散）</translation>
    </message>
</context><context>
    <name>Divergence</name>
    <message>
        <source>{label} diverged at step {step}</source>
        <extracomment>The sentences of a divergence (context "Divergence"); the English of the stability hint is core's (:func:`core.trajectory.stability`), word for word.</extracomment>
        <translation>{label} はステップ {step} で発散しました</translation>
    </message>
    <message>
        <source>{label} diverged at step {step}: {reason}</source>
        <translation>{label} はステップ {step} で発散しました: {reason}</translation>
    </message>
    <message>
        <source>{diverged}. At the start ({w}, {b}): {hint}</source>
        <translation>{diverged}。開始点 ({w}, {b}) では: {hint}</translation>
    </message>
    <message>
        <source>the curvature at (w, b) = ({w}, {b}) is not finite</source>
        <translation>(w, b) = ({w}, {b}) での曲率が有限ではありません</translation>
    </message>
    <message>
        <source>λmax = {lam} ≤ 0: the surface curves down here, so curvature puts no limit on η</source>
        <translation>λmax = {lam} ≤ 0: ここでは曲面が下に曲がっているため、曲率による学習率 η の上限はありません</translation>
    </message>
    <message>
        <source>η·λmax = {product} {sign} 2: plain gradient descent is stable here (λmax = {lam}, so η must stay below {limit})</source>
        <translation>η·λmax = {product} {sign} 2: ここでは通常の勾配降下法は安定です（λmax = {lam} なので、η は {limit} 未満である必要があります）</translation>
    </message>
    <message>
        <source>η·λmax = {product} {sign} 2: plain gradient descent is unstable here (λmax = {lam}, so η must stay below {limit})</source>
        <translation>η·λmax = {product} {sign} 2: ここでは通常の勾配降下法は不安定です（λmax = {lam} なので、η は {limit} 未満である必要があります）</translation>
    </message>
</context><context>
    <name>DrawData</name>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>loss (log)</source>
        <translation>損失（対数）</translation>
    </message>
    <message>
        <source>loss (clipped)</source>
        <translation>損失（上限でカット）</translation>
    </message>
    <message>
        <source>log₁₀ loss</source>
        <translation>log₁₀ 損失</translation>
    </message>
</context><context>
    <name>EquationsPanel</name>
    <message>
        <source>effective step</source>
        <extracomment>Rows of the live values that are no optimizer's state (so not among core's words).</extracomment>
        <translation>実効ステップ</translation>
    </message>
    <message>
        <source>Step t = {t}:</source>
        <translation>ステップ t = {t}:</translation>
    </message>
    <message>
        <source>(the scheduled learning rate of step {k})</source>
        <translation>（ステップ {k} の学習率スケジュールの値）</translation>
    </message>
    <message>
        <source>Values: waiting for the computation of these settings…</source>
        <translation>値: この設定の計算を待っています…</translation>
    </message>
    <message>
        <source>Recorded paths</source>
        <translation>記録された軌跡</translation>
    </message>
    <message>
        <source>Projected onto the plane; no optimizer ran on it.</source>
        <translation>平面に射影した軌跡です。この平面上で最適化手法は動いていません。</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>plane loss</source>
        <translation>平面上の損失</translation>
    </message>
    <message>
        <source>true loss</source>
        <translation>真の損失</translation>
    </message>
</context><context>
    <name>Examples</name>
    <message>
        <source>Two samples: where optimizers part</source>
        <translation>2 つのサンプル: 最適化手法が分かれるところ</translation>
    </message>
    <message>
        <source>The neuron fitted to two samples: SGD and momentum head one way, the adaptive rules (AdaGrad, RMSprop, Adam) another.</source>
        <translation>2 つのサンプルに合わせるニューロンです。SGD とモーメンタムはある方向へ、適応的な手法（AdaGrad、RMSprop、Adam）は別の方向へ進みます。</translation>
    </message>
    <message>
        <source>The series' picture: one sample (x = 1, y* = 0.5)</source>
        <translation>シリーズの図: 1 つのサンプル（x = 1、y* = 0.5）</translation>
    </message>
    <message>
        <source>The seed article's neuron. With one sample ∂L/∂w = x·∂L/∂b, so every optimizer moves along the same line: they differ only in speed.</source>
        <translation>元の記事のニューロンです。サンプルが 1 つなら ∂L/∂w = x·∂L/∂b なので、どの最適化手法も同じ直線に沿って動き、違うのは速さだけです。</translation>
    </message>
    <message>
        <source>Rosenbrock's valley: momentum pays</source>
        <translation>Rosenbrock の谷: モーメンタムが効く</translation>
    </message>
    <message>
        <source>A long curved valley: plain SGD crawls, momentum and NAG reach the minimum (1, 1).</source>
        <translation>長く曲がった谷です。通常の SGD はのろのろと進み、モーメンタムと NAG は最小値 (1, 1) に届きます。</translation>
    </message>
    <message>
        <source>Himmelblau: one start, different minima</source>
        <translation>Himmelblau: 同じ開始点、異なる最小値</translation>
    </message>
    <message>
        <source>Four minima of equal depth: from the same start, momentum ends in another one than SGD, RMSprop and Adam.</source>
        <translation>深さの等しい 4 つの最小値があります。同じ開始点から、モーメンタムは SGD、RMSprop、Adam とは別の最小値にたどり着きます。</translation>
    </message>
    <message>
        <source>Escaping a saddle point</source>
        <translation>鞍点からの脱出</translation>
    </message>
    <message>
        <source>Started next to the saddle of y² − x²: how fast each rule finds the way down.</source>
        <translation>y² − x² の鞍点のすぐそばから出発します。各手法がどれだけ速く下り道を見つけるかを見ます。</translation>
    </message>
    <message>
        <source>A learning rate too large</source>
        <translation>大きすぎる学習率</translation>
    </message>
    <message>
        <source>The bowl x²/20 + y² has curvature 2 along y, so SGD is stable for η &lt; 2/2 = 1: η = 0.9 zig-zags in, η = 1.05 diverges.</source>
        <translation>お椀 x²/20 + y² は y 方向の曲率が 2 なので、SGD は η &lt; 2/2 = 1 で安定です。η = 0.9 はジグザグに近づき、η = 1.05 は発散します。</translation>
    </message>
</context><context>
    <name>ExpressionDialog</name>
    <message>
        <source>Custom surface</source>
        <translation>カスタム曲面</translation>
    </message>
    <message>
        <source>z = a formula in w and b: numbers, w, b, pi, e, + - * / ** and {functions}. Gradient and Hessian are exact (symbolic).</source>
        <translation>z = w と b の式: 数値、w、b、pi、e、+ - * / ** と {functions} が使えます。勾配とヘッセ行列は（記号微分で）厳密に求めます。</translation>
    </message>
    <message>
        <source>the loss as a formula in w and b</source>
        <translation>w と b の式で書いた損失</translation>
    </message>
    <message>
        <source>Examples…</source>
        <translation>例…</translation>
    </message>
    <message>
        <source>{axis} from</source>
        <translation>{axis} の下限</translation>
    </message>
    <message>
        <source>{axis} to</source>
        <translation>{axis} の上限</translation>
    </message>
    <message>
        <source>{axis} from, to</source>
        <translation>{axis} の範囲（下限、上限）</translation>
    </message>
    <message>
        <source>{axis}: from must be less than to, got {low} and {high}</source>
        <translation>{axis}: 下限は上限より小さくしてください（入力: {low} と {high}）</translation>
    </message>
</context><context>
    <name>Fields</name>
    <message>
        <source>{label} is empty: type a number</source>
        <translation>{label} が空です: 数値を入力してください</translation>
    </message>
    <message>
        <source>{label} must be a number, got {value}</source>
        <translation>{label} は数値にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{label} must be finite, got {value}</source>
        <translation>{label} は有限の値にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{label} must be a whole number in [{low}, {high}], got {value}</source>
        <translation>{label} は [{low}, {high}] の範囲の整数にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{label} must be in [{low}, {high}], got {value}</source>
        <translation>{label} は [{low}, {high}] の範囲にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>True or False</source>
        <translation>True か False</translation>
    </message>
    <message>
        <source>one of {choices}</source>
        <translation>{choices} のいずれか</translation>
    </message>
    <message>
        <source>in {interval}</source>
        <translation>{interval} の範囲</translation>
    </message>
    <message>
        <source>&gt; {low}</source>
        <translation>{low} より大きい値</translation>
    </message>
    <message>
        <source>&gt;= {low}</source>
        <translation>{low} 以上</translation>
    </message>
    <message>
        <source>&lt; {high}</source>
        <translation>{high} 未満</translation>
    </message>
    <message>
        <source>&lt;= {high}</source>
        <translation>{high} 以下</translation>
    </message>
    <message>
        <source>finite</source>
        <translation>有限の値</translation>
    </message>
    <message>
        <source>{name} must be a whole number {range}, got {value}</source>
        <translation>{name} は {range}の整数にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{name} must be a number {range}, got {value}</source>
        <translation>{name} は {range}の数値にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{name} must be finite, got {value}</source>
        <translation>{name} は有限の値にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{name} must be {range}, got {value}</source>
        <translation>{name} は {range}にしてください（入力: {value}）</translation>
    </message>
</context><context>
    <name>HeightMode</name>
    <message>
        <source>Linear height</source>
        <translation>線形の高さ</translation>
    </message>
    <message>
        <source>Log height</source>
        <translation>対数の高さ</translation>
    </message>
    <message>
        <source>Clipped height</source>
        <translation>上限でカットした高さ</translation>
    </message>
</context><context>
    <name>LossCurveView</name>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>{label}: true loss</source>
        <translation>{label}: 真の損失</translation>
    </message>
</context><context>
    <name>OptimizerPanel</name>
    <message>
        <source>Optimizers</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>The race: every optimizer runs from the same start; untick a run to hide it in the views (it keeps racing)</source>
        <translation>比較: すべての最適化手法が同じ開始点から動きます。チェックを外すとビューに表示されなくなります（比較は続きます）</translation>
    </message>
    <message>
        <source>Add to race</source>
        <translation>比較に追加</translation>
    </message>
    <message>
        <source>Add the next optimizer not yet in the race (a copy of the selected one when all race)</source>
        <translation>まだ比較に入っていない次の最適化手法を追加します（すべて入っているときは選んだ手法のコピー）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>learning rate η (with a schedule: its value at the first step)</source>
        <translation>学習率 η（スケジュールを使うときは最初のステップの値）</translation>
    </message>
    <message>
        <source>schedule of η: how the learning rate changes with the step t</source>
        <translation>η の学習率スケジュール: ステップ t とともに学習率がどう変わるか</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>既定値に戻す</translation>
    </message>
    <message>
        <source>{optimizer} has no learning rate</source>
        <translation>{optimizer} には学習率がありません</translation>
    </message>
    <message>
        <source>hidden in the views (still racing)</source>
        <translation>ビューでは非表示（比較は続いています）</translation>
    </message>
    <message>
        <source>— (no learning rate)</source>
        <translation>—（学習率なし）</translation>
    </message>
</context><context>
    <name>OverlayActions</name>
    <message>
        <source>&amp;Overlays at the current step</source>
        <translation>現在のステップの重ね描き(&amp;O)</translation>
    </message>
</context><context>
    <name>Overlays</name>
    <message>
        <source>Gradient arrows (−η·g)</source>
        <translation>勾配の矢印 (−η·g)</translation>
    </message>
    <message>
        <source>Move arrows (Δ)</source>
        <translation>移動の矢印 (Δ)</translation>
    </message>
    <message>
        <source>Velocity arrows (momentum, first moment)</source>
        <translation>速度の矢印（モーメンタム、一次モーメント）</translation>
    </message>
    <message>
        <source>SAM ascent arrows (ε̂, −η·g at θ+ε̂)</source>
        <translation>SAM の上昇の矢印（ε̂、θ+ε̂ での −η·g）</translation>
    </message>
    <message>
        <source>Effective step per axis</source>
        <translation>軸ごとの実効ステップ</translation>
    </message>
    <message>
        <source>arrows ×{arrows}, step ellipse ×{ellipse}</source>
        <translation>矢印 ×{arrows}、ステップの楕円 ×{ellipse}</translation>
    </message>
</context><context>
    <name>ParamForm</name>
    <message>
        <source>{meaning} ({range})</source>
        <translation>{meaning}（{range}）</translation>
    </message>
</context><context>
    <name>PlaybackBar</name>
    <message>
        <source>Restart from step 0 (Home)</source>
        <translation>ステップ 0 から再生し直す (Home)</translation>
    </message>
    <message>
        <source>Step back (Left)</source>
        <translation>1 ステップ戻る (←)</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>再生 / 一時停止 (Space)</translation>
    </message>
    <message>
        <source>Step forward (Right)</source>
        <translation>1 ステップ進む (→)</translation>
    </message>
    <message>
        <source>Last step (End)</source>
        <translation>最後のステップへ (End)</translation>
    </message>
    <message>
        <source>Timeline: click to jump to a step, drag to scrub</source>
        <translation>タイムライン: クリックでそのステップへ移動、ドラッグで早送り・巻き戻し</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Animation speed</source>
        <translation>アニメーションの速度</translation>
    </message>
    <message>
        <source>{speed} steps/s</source>
        <translation>{speed} ステップ/秒</translation>
    </message>
</context><context>
    <name>Scene3D</name>
    <message>
        <source>{label}  (diverged)</source>
        <translation>{label}（発散）</translation>
    </message>
    <message>
        <source>step {step} / {steps}</source>
        <translation>ステップ {step} / {steps}</translation>
    </message>
</context><context>
    <name>SceneCheck</name>
    <message>
        <source>gradscape export writes such scenes as .csv or .json</source>
        <extracomment>Why the window cannot show a scene (context "SceneCheck": the window's messages are translated, the command line's stay English).</extracomment>
        <translation>このようなシーンは gradscape export で .csv か .json に書き出せます</translation>
    </message>
    <message>
        <source>this scene sets the divergence bound, which the window does not; {only_data}</source>
        <translation>このシーンは発散の判定範囲を指定していますが、ウィンドウでは指定できません。{only_data}</translation>
    </message>
    <message>
        <source>this scene has several start points and the window shows one; {only_data}</source>
        <translation>このシーンには開始点が複数ありますが、ウィンドウに表示できるのは 1 つです。{only_data}</translation>
    </message>
    <message>
        <source>this scene changes the surface's domain to {domain}; the window shows the default {default}; {only_data}</source>
        <translation>このシーンは曲面の定義域を {domain} に変えていますが、ウィンドウは既定の {default} を表示します。{only_data}</translation>
    </message>
    <message>
        <source>the window shows 1 to {most} steps, this scene has {steps}; {only_data}</source>
        <translation>ウィンドウに表示できるのは 1〜{most} ステップですが、このシーンは {steps} ステップです。{only_data}</translation>
    </message>
    <message>
        <source>the surface mesh resolution must be in [10, 400] to be shown, got {value}</source>
        <translation>表示するには曲面のメッシュの解像度を [10, 400] の範囲にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>the window shows at most {most} optimizers, got {count}</source>
        <translation>ウィンドウに表示できる最適化手法は {most} 個までです（このシーン: {count} 個）</translation>
    </message>
    <message>
        <source>the window shows at most {most} paths, optimizers and recorded paths together; this scene has {optimizers} + {paths}</source>
        <translation>ウィンドウに表示できる軌跡は最適化手法と記録された軌跡を合わせて {most} 本までです。このシーンは {optimizers} + {paths} 本です</translation>
    </message>
</context><context>
    <name>StartPanel</name>
    <message>
        <source>Start and steps</source>
        <translation>開始点とステップ数</translation>
    </message>
    <message>
        <source>first coordinate of the start (or click a view)</source>
        <translation>開始点の第 1 座標（ビューをクリックしても設定できます）</translation>
    </message>
    <message>
        <source>second coordinate of the start (or click a view)</source>
        <translation>開始点の第 2 座標（ビューをクリックしても設定できます）</translation>
    </message>
    <message>
        <source>Surface's start</source>
        <translation>曲面の開始点</translation>
    </message>
    <message>
        <source>Back to the surface's recommended start point</source>
        <translation>曲面の推奨する開始点に戻します</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>ステップ数</translation>
    </message>
    <message>
        <source>number of optimizer steps</source>
        <translation>最適化手法のステップ数</translation>
    </message>
    <message>
        <source>samples per step of stochastic descent; empty = the full batch</source>
        <translation>確率的勾配降下の 1 ステップあたりのサンプル数。空欄ならフルバッチ</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>フルバッチ</translation>
    </message>
    <message>
        <source>minibatch</source>
        <translation>ミニバッチ</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>seed of stochastic optimizers and minibatches</source>
        <translation>確率的な最適化手法とミニバッチの乱数シード</translation>
    </message>
    <message>
        <source>start {axis}</source>
        <translation>開始点 {axis}</translation>
    </message>
</context><context>
    <name>StepPlotView</name>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>log₁₀ step</source>
        <translation>log₁₀ ステップ</translation>
    </message>
    <message>
        <source>effective step per axis: w solid, b dashed</source>
        <translation>軸ごとの実効ステップ: w は実線、b は破線</translation>
    </message>
</context><context>
    <name>SurfacePanel</name>
    <message>
        <source>Surface</source>
        <translation>損失曲面</translation>
    </message>
    <message>
        <source>Edit formula…</source>
        <translation>式を編集…</translation>
    </message>
    <message>
        <source>input x of the first sample</source>
        <translation>最初のサンプルの入力 x</translation>
    </message>
    <message>
        <source>target y* of the first sample</source>
        <translation>最初のサンプルの目標値 y*</translation>
    </message>
    <message>
        <source>Data samples (loss averaged over rows):</source>
        <translation>データのサンプル（損失は行の平均）:</translation>
    </message>
    <message>
        <source>Add sample</source>
        <translation>サンプルを追加</translation>
    </message>
    <message>
        <source>Remove sample</source>
        <translation>サンプルを削除</translation>
    </message>
    <message>
        <source>{name} in row {row}</source>
        <translation>{row} 行目の {name}</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>カスタム…</translation>
    </message>
</context><context>
    <name>core</name>
    <message>
        <source>learning rate η</source>
        <translation>学習率 η</translation>
    </message>
    <message>
        <source>momentum factor μ</source>
        <translation>モーメンタム係数 μ</translation>
    </message>
    <message>
        <source>dampening τ of the gradient in the buffer</source>
        <translation>バッファに入る勾配の減衰 τ</translation>
    </message>
    <message>
        <source>dampening</source>
        <translation>ダンピング</translation>
    </message>
    <message>
        <source>'torch': torch.optim.SGD's update; 'series': the seed series' Δ = μΔ − (1−μ)ηg</source>
        <translation>'torch': torch.optim.SGD の更新式、'series': シリーズの Δ = μΔ − (1−μ)ηg</translation>
    </message>
    <message>
        <source>form</source>
        <translation>更新式</translation>
    </message>
    <message>
        <source>buf</source>
        <translation>buf</translation>
    </message>
    <message>
        <source>learning-rate decay λ_d: η_t = η/(1 + (t−1)λ_d)</source>
        <translation>学習率の減衰 λ_d: η_t = η/(1 + (t−1)λ_d)</translation>
    </message>
    <message>
        <source>lr decay</source>
        <translation>学習率の減衰</translation>
    </message>
    <message>
        <source>added to the denominator for stability</source>
        <translation>安定のため分母に加える値</translation>
    </message>
    <message>
        <source>starting value h₀ of Σg²</source>
        <translation>Σg² の初期値 h₀</translation>
    </message>
    <message>
        <source>initial accumulator value</source>
        <translation>累積の初期値</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>decay ρ of the running average of g² (torch's alpha)</source>
        <translation>g² の移動平均の減衰率 ρ（torch の alpha）</translation>
    </message>
    <message>
        <source>divide by the running variance instead of the mean g²</source>
        <translation>g² の平均の代わりに移動分散で割る</translation>
    </message>
    <message>
        <source>centered</source>
        <translation>中心化</translation>
    </message>
    <message>
        <source>momentum factor μ (0 = none)</source>
        <translation>モーメンタム係数 μ（0 = なし）</translation>
    </message>
    <message>
        <source>v</source>
        <translation>v</translation>
    </message>
    <message>
        <source>scale η of the move (Zeiler's rule: 1)</source>
        <translation>移動の倍率 η（Zeiler の規則では 1）</translation>
    </message>
    <message>
        <source>decay ρ of the running average of g²</source>
        <translation>g² の移動平均の減衰率 ρ</translation>
    </message>
    <message>
        <source>added inside both roots</source>
        <translation>両方の平方根の中に加える値</translation>
    </message>
    <message>
        <source>u</source>
        <translation>u</translation>
    </message>
    <message>
        <source>learning rate η (the series' α)</source>
        <translation>学習率 η（シリーズの α）</translation>
    </message>
    <message>
        <source>decay of the first moment (mean of g)</source>
        <translation>一次モーメント（g の平均）の減衰率</translation>
    </message>
    <message>
        <source>beta1</source>
        <translation>beta1</translation>
    </message>
    <message>
        <source>decay of the second moment (mean of g²)</source>
        <translation>二次モーメント（g² の平均）の減衰率</translation>
    </message>
    <message>
        <source>beta2</source>
        <translation>beta2</translation>
    </message>
    <message>
        <source>m</source>
        <translation>m</translation>
    </message>
    <message>
        <source>decay ρ of the running averages of g and g²</source>
        <translation>g と g² の移動平均の減衰率 ρ</translation>
    </message>
    <message>
        <source>added inside the root</source>
        <translation>平方根の中に加える値</translation>
    </message>
    <message>
        <source>momentum factor μ (Graves used 0.9)</source>
        <translation>モーメンタム係数 μ（Graves は 0.9 を使用）</translation>
    </message>
    <message>
        <source>largest step factor η (caps ζ)</source>
        <translation>ステップ倍率の最大値 η（ζ の上限）</translation>
    </message>
    <message>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <source>momentum μ's limit (the series' μ)</source>
        <translation>モーメンタム μ の極限値（シリーズの μ）</translation>
    </message>
    <message>
        <source>decay of the second moment (the series' ν)</source>
        <translation>二次モーメントの減衰率（シリーズの ν）</translation>
    </message>
    <message>
        <source>speed ψ of the momentum warm-up schedule</source>
        <translation>モーメンタムのウォームアップの速さ ψ</translation>
    </message>
    <message>
        <source>momentum decay</source>
        <translation>モーメンタムの減衰</translation>
    </message>
    <message>
        <source>decay of the loss feedback d̃</source>
        <translation>損失のフィードバック d̃ の減衰率</translation>
    </message>
    <message>
        <source>beta3</source>
        <translation>beta3</translation>
    </message>
    <message>
        <source>clip d̂ to [1/c, c]</source>
        <translation>d̂ を [1/c, c] に収める</translation>
    </message>
    <message>
        <source>c</source>
        <translation>c</translation>
    </message>
    <message>
        <source>known or assumed minimum f* of the loss</source>
        <translation>損失の既知の（または仮定した）最小値 f*</translation>
    </message>
    <message>
        <source>f star</source>
        <translation>f star</translation>
    </message>
    <message>
        <source>d</source>
        <translation>d</translation>
    </message>
    <message>
        <source>decay σ of the running average of g²/N²</source>
        <translation>g²/N² の移動平均の減衰率 σ</translation>
    </message>
    <message>
        <source>λ in G = 1/√(λ + √v)</source>
        <translation>G = 1/√(λ + √v) の λ</translation>
    </message>
    <message>
        <source>annealing exponent γ of β_t = t^γ</source>
        <translation>β_t = t^γ のアニーリング指数 γ</translation>
    </message>
    <message>
        <source>annealing rate</source>
        <translation>アニーリング率</translation>
    </message>
    <message>
        <source>steps of exploration (t &lt; burnin) before refinement</source>
        <translation>精密化の前の探索のステップ数（t &lt; burnin）</translation>
    </message>
    <message>
        <source>burnin</source>
        <translation>バーンイン</translation>
    </message>
    <message>
        <source>initial friction α₀ = √η·C</source>
        <translation>初期の摩擦 α₀ = √η·C</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>the series' number of minibatches; v uses g²/N² (1: the paper's scale for a mean loss)</source>
        <translation>シリーズのミニバッチ数。v は g²/N² を使います（1: 平均損失に対する論文の尺度）</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>seed of the random generator</source>
        <translation>乱数生成器のシード</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <source>v max</source>
        <translation>v max</translation>
    </message>
    <message>
        <source>Adam-phase learning rate η (the series' α)</source>
        <translation>Adam 段階の学習率 η（シリーズの α）</translation>
    </message>
    <message>
        <source>SGD rate η* that both bounds converge to</source>
        <translation>両方の境界が収束する SGD の学習率 η*</translation>
    </message>
    <message>
        <source>final eta</source>
        <translation>最終の η</translation>
    </message>
    <message>
        <source>convergence speed γ of the bounds</source>
        <translation>境界の収束の速さ γ</translation>
    </message>
    <message>
        <source>decay of the belief s (variance of g around m)</source>
        <translation>信念 s（m のまわりの g の分散）の減衰率</translation>
    </message>
    <message>
        <source>added to s and to √ŝ for stability</source>
        <translation>安定のため s と √ŝ に加える値</translation>
    </message>
    <message>
        <source>learning rate η of the base optimizer (default: the base's own)</source>
        <translation>基になる最適化手法の学習率 η（既定: その手法自身の値）</translation>
    </message>
    <message>
        <source>radius ρ of the neighbourhood</source>
        <translation>近傍の半径 ρ</translation>
    </message>
    <message>
        <source>the optimizer that takes the step</source>
        <translation>ステップを進める最適化手法</translation>
    </message>
    <message>
        <source>base</source>
        <translation>基の手法</translation>
    </message>
    <message>
        <source>dual exponent q: the ball is ‖ε‖_p ≤ ρ with 1/p + 1/q = 1</source>
        <translation>双対指数 q: 球は ‖ε‖_p ≤ ρ（1/p + 1/q = 1）</translation>
    </message>
    <message>
        <source>q</source>
        <translation>q</translation>
    </message>
    <message>
        <source>e</source>
        <translation>e</translation>
    </message>
    <message>
        <source>decoupled weight decay λ (0 = plain Adam)</source>
        <translation>分離された荷重減衰 λ（0 = 通常の Adam）</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>荷重減衰</translation>
    </message>
    <message>
        <source>λ: half-width of the zeroed band [−λ, λ]</source>
        <translation>λ: 0 にする帯 [−λ, λ] の半幅</translation>
    </message>
    <message>
        <source>lam</source>
        <translation>lam</translation>
    </message>
    <message>
        <source>λ: half-width of the zeroed band; x is moved λ towards 0</source>
        <translation>λ: 0 にする帯の半幅。x は 0 の方へ λ だけ動かされます</translation>
    </message>
    <message>
        <source>threshold: x passes where x &gt; th</source>
        <translation>しきい値: x &gt; th のところで x を通します</translation>
    </message>
    <message>
        <source>th</source>
        <translation>th</translation>
    </message>
    <message>
        <source>value taken where x ≤ th</source>
        <translation>x ≤ th のところでとる値</translation>
    </message>
    <message>
        <source>value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>α: slope for x &lt; 0</source>
        <translation>α: x &lt; 0 での傾き</translation>
    </message>
    <message>
        <source>α: value approached for x → −∞ is −α</source>
        <translation>α: x → −∞ で近づく値が −α</translation>
    </message>
    <message>
        <source>λ: scale</source>
        <translation>λ: 倍率</translation>
    </message>
    <message>
        <source>α: negative saturation −λα</source>
        <translation>α: 負側の飽和値 −λα</translation>
    </message>
    <message>
        <source>α: scale of the negative branch</source>
        <translation>α: 負側の倍率</translation>
    </message>
    <message>
        <source>β: sharpness of the gate σ(βx)</source>
        <translation>β: ゲート σ(βx) の鋭さ</translation>
    </message>
    <message>
        <source>activation of the neuron</source>
        <translation>ニューロンの活性化関数</translation>
    </message>
    <message>
        <source>act</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <source>loss against the targets</source>
        <translation>目標値に対する損失関数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失関数</translation>
    </message>
    <message>
        <source>grid points per axis for drawing</source>
        <translation>描画用の軸ごとの格子点数</translation>
    </message>
    <message>
        <source>resolution</source>
        <translation>解像度</translation>
    </message>
    <message>
        <source>the value at every step</source>
        <translation>すべてのステップでの値</translation>
    </message>
    <message>
        <source>value at the first step</source>
        <translation>最初のステップでの値</translation>
    </message>
    <message>
        <source>steps between two decays</source>
        <translation>減衰と減衰の間のステップ数</translation>
    </message>
    <message>
        <source>step size</source>
        <translation>減衰の間隔</translation>
    </message>
    <message>
        <source>factor at each decay γ</source>
        <translation>減衰ごとの係数 γ</translation>
    </message>
    <message>
        <source>factor per step γ</source>
        <translation>ステップごとの係数 γ</translation>
    </message>
    <message>
        <source>value at the first step η_max</source>
        <translation>最初のステップでの値 η_max</translation>
    </message>
    <message>
        <source>steps from η_max down to η_min</source>
        <translation>η_max から η_min まで下がるステップ数</translation>
    </message>
    <message>
        <source>T max</source>
        <translation>T max</translation>
    </message>
    <message>
        <source>the lowest value η_min, reached at the end of a cosine</source>
        <translation>コサインの終わりで達する最小の値 η_min</translation>
    </message>
    <message>
        <source>low</source>
        <translation>最小値</translation>
    </message>
    <message>
        <source>value at the start of each cycle η_max</source>
        <translation>各周期の始めの値 η_max</translation>
    </message>
    <message>
        <source>steps of the first cycle</source>
        <translation>最初の周期のステップ数</translation>
    </message>
    <message>
        <source>T 0</source>
        <translation>T 0</translation>
    </message>
    <message>
        <source>factor of each next cycle's length</source>
        <translation>次の周期の長さに掛ける係数</translation>
    </message>
    <message>
        <source>T mult</source>
        <translation>T mult</translation>
    </message>
    <message>
        <source>the value the factors multiply</source>
        <translation>係数を掛ける元の値</translation>
    </message>
    <message>
        <source>factor at the first step</source>
        <translation>最初のステップでの係数</translation>
    </message>
    <message>
        <source>start factor</source>
        <translation>開始係数</translation>
    </message>
    <message>
        <source>factor from total_iters on</source>
        <translation>total_iters 以降の係数</translation>
    </message>
    <message>
        <source>end factor</source>
        <translation>終了係数</translation>
    </message>
    <message>
        <source>steps from start_factor to end_factor</source>
        <translation>start_factor から end_factor までのステップ数</translation>
    </message>
    <message>
        <source>total iters</source>
        <translation>総反復数</translation>
    </message>
    <message>
        <source>the highest value (torch's max_lr)</source>
        <translation>最大の値（torch の max_lr）</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>ピーク</translation>
    </message>
    <message>
        <source>steps of the cycle</source>
        <translation>周期のステップ数</translation>
    </message>
    <message>
        <source>total steps</source>
        <translation>総ステップ数</translation>
    </message>
    <message>
        <source>share of the cycle spent rising</source>
        <translation>周期のうち上昇にあてる割合</translation>
    </message>
    <message>
        <source>pct start</source>
        <translation>上昇の割合</translation>
    </message>
    <message>
        <source>first value = peak/div_factor</source>
        <translation>最初の値 = peak/div_factor</translation>
    </message>
    <message>
        <source>div factor</source>
        <translation>初期値の除数</translation>
    </message>
    <message>
        <source>last value = first/final_div_factor</source>
        <translation>最後の値 = first/final_div_factor</translation>
    </message>
    <message>
        <source>final div factor</source>
        <translation>最終値の除数</translation>
    </message>
    <message>
        <source>shape of each phase</source>
        <translation>各段階の形</translation>
    </message>
    <message>
        <source>anneal</source>
        <translation>アニーリング</translation>
    </message>
    <message>
        <source>rise, fall back to the first value, then anneal</source>
        <translation>上昇し、最初の値まで下がってから、アニーリング</translation>
    </message>
    <message>
        <source>three phase</source>
        <translation>3 段階</translation>
    </message>
    <message>
        <source>Neuron L(w, b)</source>
        <translation>ニューロン L(w, b)</translation>
    </message>
    <message>
        <source>L(w, b) = mean over samples of loss(act(x·w + b), y*), computed by the core's dense layer; the seed's case ½(σ(w + b) − ½)² has a valley of minima along w + b = 0.</source>
        <translation>L(w, b) = サンプルについての loss(act(x·w + b), y*) の平均（コアの全結合層で計算）。シリーズの例 ½(σ(w + b) − ½)² では w + b = 0 に沿って最小値の谷があります。</translation>
    </message>
    <message>
        <source>Saddle y² − x²</source>
        <translation>鞍点 y² − x²</translation>
    </message>
    <message>
        <source>z = y² − x²: a saddle at the origin; escaping it along x, the loss falls forever.</source>
        <translation>z = y² − x²: 原点に鞍点があります。x 方向に抜け出すと、損失はどこまでも下がり続けます。</translation>
    </message>
    <message>
        <source>tanh² plateau</source>
        <translation>tanh² の平坦な台地</translation>
    </message>
    <message>
        <source>z = tanh²x + tanh²y: flat plateaus where the gradient vanishes; minimum 0 at (0, 0).</source>
        <translation>z = tanh²x + tanh²y: 勾配が消える平坦な台地があります。最小値は (0, 0) で 0。</translation>
    </message>
    <message>
        <source>sinc ripples + bowl</source>
        <translation>sinc の波紋 + お椀</translation>
    </message>
    <message>
        <source>z = −(sinc x + sinc y) + (x² + y²)/10 with sinc x = sin(πx)/(πx): many local minima on a bowl; global minimum −2 at (0, 0).</source>
        <translation>z = −(sinc x + sinc y) + (x² + y²)/10（sinc x = sin(πx)/(πx)）: お椀の上に多くの局所的な最小値があります。大域的な最小値は (0, 0) で −2。</translation>
    </message>
    <message>
        <source>steep tanh²(10x) ridge</source>
        <translation>急な tanh²(10x) の溝</translation>
    </message>
    <message>
        <source>z = (x² + y²)/8 + tanh²(10x): a gentle bowl cut by a steep narrow valley at x = 0; minimum 0 at (0, 0).</source>
        <translation>z = (x² + y²)/8 + tanh²(10x): ゆるやかなお椀を、x = 0 の急で細い谷が切っています。最小値は (0, 0) で 0。</translation>
    </message>
    <message>
        <source>Ill-conditioned bowl x²/20 + y²</source>
        <translation>悪条件のお椀 x²/20 + y²</translation>
    </message>
    <message>
        <source>z = x²/20 + y²: a bowl 20× steeper along y than along x (Deep Learning from Scratch, ch. 6); minimum 0 at (0, 0).</source>
        <translation>z = x²/20 + y²: y 方向が x 方向より 20 倍急なお椀です（『ゼロから作る Deep Learning』6 章）。最小値は (0, 0) で 0。</translation>
    </message>
    <message>
        <source>Rosenbrock</source>
        <translation>Rosenbrock</translation>
    </message>
    <message>
        <source>z = (1 − x)² + 100(y − x²)²: a curved narrow valley; minimum 0 at (1, 1).</source>
        <translation>z = (1 − x)² + 100(y − x²)²: 曲がった細い谷です。最小値は (1, 1) で 0。</translation>
    </message>
    <message>
        <source>Beale</source>
        <translation>Beale</translation>
    </message>
    <message>
        <source>z = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: flat centre, steep corners; minimum 0 at (3, 0.5).</source>
        <translation>z = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: 中央は平坦で、四隅は急です。最小値は (3, 0.5) で 0。</translation>
    </message>
    <message>
        <source>Himmelblau</source>
        <translation>Himmelblau</translation>
    </message>
    <message>
        <source>z = (x² + y − 11)² + (x + y² − 7)²: four global minima of value 0.</source>
        <translation>z = (x² + y − 11)² + (x + y² − 7)²: 値 0 の大域的な最小値が 4 つあります。</translation>
    </message>
    <message>
        <source>Rastrigin</source>
        <translation>Rastrigin</translation>
    </message>
    <message>
        <source>z = 20 + Σ (x² − 10 cos 2πx): a bowl covered by a regular grid of local minima; minimum 0 at (0, 0).</source>
        <translation>z = 20 + Σ (x² − 10 cos 2πx): 局所的な最小値が規則正しい格子状に並んだお椀です。最小値は (0, 0) で 0。</translation>
    </message>
    <message>
        <source>Ackley</source>
        <translation>Ackley</translation>
    </message>
    <message>
        <source>z = −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20: a nearly flat outer region with many local minima around a deep central hole; minimum 0 at (0, 0) (not differentiable there; the gradient is taken as 0).</source>
        <translation>z = −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20: 中央の深い穴のまわりに、多くの局所的な最小値をもつほぼ平坦な外側の領域が広がります。最小値は (0, 0) で 0（そこでは微分できないため、勾配は 0 とします）。</translation>
    </message>
    <message>
        <source>Booth</source>
        <translation>Booth</translation>
    </message>
    <message>
        <source>z = (x + 2y − 7)² + (2x + y − 5)²: a tilted convex bowl; minimum 0 at (1, 3).</source>
        <translation>z = (x + 2y − 7)² + (2x + y − 5)²: 傾いた凸のお椀です。最小値は (1, 3) で 0。</translation>
    </message>
    <message>
        <source>Six-hump camel</source>
        <translation>シックスハンプキャメル</translation>
    </message>
    <message>
        <source>z = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²: six minima — two global ones of value −1.0316 at ±(0.0898, −0.7126), and two pairs of local ones.</source>
        <translation>z = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²: 最小値が 6 つあります。±(0.0898, −0.7126) に値 −1.0316 の大域的な最小値が 2 つ、局所的な最小値が 2 組です。</translation>
    </message>
    <message>
        <source>Network loss landscape</source>
        <translation>ネットワークの損失地形</translation>
    </message>
    <message>
        <source>L(θ + α·d1 + β·d2): a trained network's loss on a plane through its parameters θ (Li et al. 2018), from a landscape file; between grid points a C¹ bicubic interpolant.</source>
        <translation>L(θ + α·d1 + β·d2): 学習済みネットワークのパラメータ θ を通る平面上の損失です（Li et al. 2018）。損失地形ファイルから読み込み、格子点の間は C¹ の双三次補間です。</translation>
    </message>
    <message>
        <source>Custom expression</source>
        <translation>カスタムの式</translation>
    </message>
    <message>
        <source>z = a formula in w and b that you type, e.g. (1 - w)**2 + 100*(b - w**2)**2, with an exact gradient and Hessian (symbolic differentiation).</source>
        <translation>z = 入力した w と b の式（例: (1 - w)**2 + 100*(b - w**2)**2）。勾配とヘッセ行列は記号微分で厳密に求めます。</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>一定</translation>
    </message>
    <message>
        <source>step decay</source>
        <translation>ステップ減衰</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>指数減衰</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>コサイン</translation>
    </message>
    <message>
        <source>cosine with restarts</source>
        <translation>リスタート付きコサイン</translation>
    </message>
    <message>
        <source>linear warm-up</source>
        <translation>線形ウォームアップ</translation>
    </message>
    <message>
        <source>one-cycle</source>
        <translation>ワンサイクル</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ関数</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等関数</translation>
    </message>
    <message>
        <source>bent identity</source>
        <translation>ベント恒等関数</translation>
    </message>
    <message>
        <source>hard shrink</source>
        <translation>ハードシュリンク</translation>
    </message>
    <message>
        <source>soft shrink</source>
        <translation>ソフトシュリンク</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>しきい値関数</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>シグモイド</translation>
    </message>
    <message>
        <source>hard sigmoid</source>
        <translation>ハードシグモイド</translation>
    </message>
    <message>
        <source>log sigmoid</source>
        <translation>対数シグモイド</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>tanh shrink</source>
        <translation>tanh シュリンク</translation>
    </message>
    <message>
        <source>hardtanh</source>
        <translation>hardtanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>ReLU6</source>
        <translation>ReLU6</translation>
    </message>
    <message>
        <source>leaky ReLU</source>
        <translation>リーキー ReLU</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>SELU</source>
        <translation>SELU</translation>
    </message>
    <message>
        <source>CELU</source>
        <translation>CELU</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>ソフトマックス</translation>
    </message>
    <message>
        <source>softmin</source>
        <translation>ソフトミン</translation>
    </message>
    <message>
        <source>log softmax</source>
        <translation>対数ソフトマックス</translation>
    </message>
    <message>
        <source>softplus</source>
        <translation>ソフトプラス</translation>
    </message>
    <message>
        <source>softsign</source>
        <translation>ソフトサイン</translation>
    </message>
    <message>
        <source>Swish</source>
        <translation>Swish</translation>
    </message>
    <message>
        <source>Mish</source>
        <translation>Mish</translation>
    </message>
    <message>
        <source>tanhExp</source>
        <translation>tanhExp</translation>
    </message>
    <message>
        <source>squared error</source>
        <translation>二乗誤差</translation>
    </message>
    <message>
        <source>binary cross-entropy</source>
        <translation>二値交差エントロピー</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交差エントロピー</translation>
    </message>
</context></TS>