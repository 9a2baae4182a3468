<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About gradscape</source>
        <translation>gradscape について</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>バージョン {version}</translation>
    </message>
    <message>
        <source>See how gradient-descent optimizers move on loss surfaces, and how networks learn.</source>
        <translation>勾配降下法の最適化手法が損失曲面の上をどう動くか、ネットワークがどう学習するかを見るためのアプリです。</translation>
    </message>
    <message>
        <source>Licence: {licence} (free to use, change and share; see the LICENSE file).</source>
        <translation>ライセンス: {licence}（自由に使用・改変・再配布できます。LICENSE ファイルを参照してください）</translation>
    </message>
    <message>
        <source>The README (in English), by section:</source>
        <translation>README（英語）の各節:</translation>
    </message>
</context><context>
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
    <name>BasinsWindow</name>
    <message>
        <source>Basins of attraction — gradscape</source>
        <translation>引き込み領域 — gradscape</translation>
    </message>
    <message>
        <source>grid </source>
        <translation>グリッド </translation>
    </message>
    <message>
        <source>start points per axis, over the surface's domain</source>
        <translation>軸ごとの開始点の数（曲面の定義域全体）</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> ステップ</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>計算</translation>
    </message>
    <message>
        <source>the maps of the main window's current race</source>
        <translation>メインウィンドウの現在の比較の各マップ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Each start point of the grid is coloured by the minimum the optimizer reaches from it (white discs); grey: not settled at a minimum; black: diverged.</source>
        <translation>グリッドの各開始点を、そこから最適化手法がたどり着く最小値（白い円）の色で塗っています。灰色: 最小値に落ち着かなかった点、黒: 発散した点です。</translation>
    </message>
    <message>
        <source>{run}: computing…</source>
        <translation>{run}: 計算中…</translation>
    </message>
    <message>
        <source>{surface}: {n}×{n} starts × {steps} steps per map…</source>
        <translation>{surface}: 1 マップあたり {n}×{n} 個の開始点 × {steps} ステップ…</translation>
    </message>
    <message>
        <source>1 map done — this surface has no isolated minimum to label; try Himmelblau, Rastrigin or the six-hump camel</source>
        <translation>1 枚のマップができました。この曲面には色分けできる孤立した最小値がありません。Himmelblau、Rastrigin、six-hump camel などを試してください</translation>
    </message>
    <message>
        <source>{count} maps done — this surface has no isolated minimum to label; try Himmelblau, Rastrigin or the six-hump camel</source>
        <translation>{count} 枚のマップができました。この曲面には色分けできる孤立した最小値がありません。Himmelblau、Rastrigin、six-hump camel などを試してください</translation>
    </message>
    <message>
        <source>1 map done</source>
        <translation>1 枚のマップができました</translation>
    </message>
    <message>
        <source>{count} maps done</source>
        <translation>{count} 枚のマップができました</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失敗しました: {reason}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
    <message>
        <source>&amp;Basins of attraction…</source>
        <translation>引き込み領域(&amp;B)…</translation>
    </message>
    <message>
        <source>Colour every start point by the minimum each optimizer of the race reaches</source>
        <translation>比較している各最適化手法がたどり着く最小値で、開始点を色分けします</translation>
    </message>
</context><context>
    <name>ContourLegend</name>
    <message>
        <source>{label}  (diverged)</source>
        <translation>{label}（発散）</translation>
    </message>
</context><context>
    <name>Datasets</name>
    <message>
        <source>Sine curve fitting</source>
        <translation>sin 曲線のフィッティング</translation>
    </message>
    <message>
        <source>200 points t = sin(x) + 0.1·noise, x in [−π, π]: 1 input, 1 output, squared error</source>
        <translation>t = sin(x) + 0.1·ノイズ の 200 点、x は [−π, π]: 入力 1、出力 1、二乗誤差</translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation>二つの月（moons）</translation>
    </message>
    <message>
        <source>300 points on two interleaving half circles: 2 inputs, 2 classes, cross-entropy</source>
        <translation>かみ合った二つの半円上の 300 点: 入力 2、2 クラス、交差エントロピー</translation>
    </message>
    <message>
        <source>Spirals (3 arms)</source>
        <translation>渦巻き（3 本の腕）</translation>
    </message>
    <message>
        <source>300 points on three spiral arms: 2 inputs, 3 classes, cross-entropy</source>
        <translation>3 本の渦巻きの腕の上の 300 点: 入力 2、3 クラス、交差エントロピー</translation>
    </message>
    <message>
        <source>200 points around (±1, ±1), class 1 where the signs differ: not linearly separable</source>
        <translation>(±1, ±1) のまわりの 200 点、符号が異なる点がクラス 1: 線形分離できません</translation>
    </message>
    <message>
        <source>Digits (8×8 images)</source>
        <translation>手書き数字（8×8 画像）</translation>
    </message>
    <message>
        <source>1797 handwritten digits, 64 pixel inputs, 10 classes (scikit-learn's bundled copy)</source>
        <translation>手書き数字 1797 枚、入力は 64 ピクセル、10 クラス（scikit-learn 同梱のデータ）</translation>
    </message>
    <message>
        <source>the digits dataset needs scikit-learn: pip install 'gradscape[data]'</source>
        <translation>手書き数字のデータセットには scikit-learn が必要です: pip install 'gradscape[data]'</translation>
    </message>
</context><context>
    <name>Divergence</name>
    <message>
        <source>{label} diverged at step {step}</source>
        <extracomment>The sentences of a divergence (context "Divergence"); in English each is core's stability hint (:func:`core.trajectory.stability`) word for word.</extracomment>
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
        <source>plain gradient descent</source>
        <translation>通常の勾配降下法</translation>
    </message>
    <message>
        <source>η·λmax = {product} {sign} {bound}: {rule} is stable here (λmax = {lam}, so η must stay below {limit})</source>
        <translation>η·λmax = {product} {sign} {bound}: ここでは{rule}は安定です（λmax = {lam} なので、η は {limit} 未満である必要があります）</translation>
    </message>
    <message>
        <source>η·λmax = {product} {sign} {bound}: {rule} is unstable here (λmax = {lam}, so η must stay below {limit})</source>
        <translation>η·λmax = {product} {sign} {bound}: ここでは{rule}は不安定です（λmax = {lam} なので、η は {limit} 未満である必要があります）</translation>
    </message>
    <message>
        <source>{rule}'s limit bounds the preconditioned curvature: η·λmax(P⁻¹H) &lt; {bound}, with P from its running second moment, which changes as it learns: no fixed limit on η·λmax (here λmax = {lam})</source>
        <translation>{rule} の安定性の限界は前処理された曲率に対するものです: η·λmax(P⁻¹H) &lt; {bound}。P は二次モーメントの移動平均から作られ、学習とともに変わるため、η·λmax に固定の限界はありません（ここでは λmax = {lam}）</translation>
    </message>
    <message>
        <source>Newton's step rescales by H⁻¹, so its limit is η &lt; 2 whatever the curvature: η = {eta} is stable where H is positive definite</source>
        <translation>ニュートン法のステップは H⁻¹ で尺度を変えるため、曲率によらず限界は η &lt; 2 です: H が正定値のところでは η = {eta} は安定です</translation>
    </message>
    <message>
        <source>Newton's step rescales by H⁻¹, so its limit is η &lt; 2 whatever the curvature: η = {eta} is unstable where H is positive definite</source>
        <translation>ニュートン法のステップは H⁻¹ で尺度を変えるため、曲率によらず限界は η &lt; 2 です: H が正定値のところでも η = {eta} は不安定です</translation>
    </message>
    <message>
        <source>{rule} has no simple limit on η·λmax (here λmax = {lam})</source>
        <translation>{rule} には η·λmax に対する単純な限界がありません（ここでは λmax = {lam}）</translation>
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
        <source>Update {k} → {k1}, part {i} of {n}: {what}</source>
        <translation>更新 {k} → {k1}、{n} 段階中 {i}: {what}</translation>
    </message>
    <message>
        <source>Step by step</source>
        <translation>1 段階ずつ</translation>
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
        <translation>2 つのサンプル: 最適化手法の道が分かれるところ</translation>
    </message>
    <message>
        <source>The neuron fitted to two samples: SGD and momentum head one way, the adaptive rules (AdaGrad, RMSprop, Adam) another.</source>
        <translation>2 つのサンプルに合わせるニューロンです。SGD とモーメンタムはある方向へ、適応的な手法 (AdaGrad, RMSprop, Adam) は別の方向へ進みます。</translation>
    </message>
    <message>
        <source>The series' picture: one sample (x = 1, y* = 0.5)</source>
        <translation>連載の図: サンプル 1 つ (x = 1, y* = 0.5)</translation>
    </message>
    <message>
        <source>The seed article's neuron. With one sample ∂L/∂w = x·∂L/∂b, so every optimizer moves along the same line: they differ only in speed.</source>
        <translation>元記事のニューロンです。サンプルが 1 つだと ∂L/∂w = x·∂L/∂b なので、どの最適化手法も同じ直線の上を動き、違うのは速さだけです。</translation>
    </message>
    <message>
        <source>Rosenbrock's valley: momentum pays</source>
        <translation>Rosenbrock の谷: モーメンタムが効く</translation>
    </message>
    <message>
        <source>A long curved valley: plain SGD crawls, momentum and NAG reach the minimum (1, 1).</source>
        <translation>長く曲がった谷です。素の SGD はゆっくりとしか進まず、モーメンタムと NAG は最小値 (1, 1) に到達します。</translation>
    </message>
    <message>
        <source>Himmelblau: one start, different minima</source>
        <translation>Himmelblau: 同じ開始点、異なる最小値</translation>
    </message>
    <message>
        <source>Four minima of equal depth: from the same start, momentum ends in another one than SGD, RMSprop and Adam.</source>
        <translation>同じ深さの最小値が 4 つあります。同じ開始点から、モーメンタムは SGD、RMSprop、Adam とは別の最小値にたどり着きます。</translation>
    </message>
    <message>
        <source>Escaping a saddle point</source>
        <translation>鞍点から抜け出す</translation>
    </message>
    <message>
        <source>Started next to the saddle of y² − x²: how fast each rule finds the way down.</source>
        <translation>y² − x² の鞍点のすぐそばから始めます。各手法がどれだけ速く下り道を見つけるかを比べます。</translation>
    </message>
    <message>
        <source>A learning rate too large</source>
        <translation>大きすぎる学習率</translation>
    </message>
    <message>
        <source>The bowl x²/20 + y² has curvature 2 along y, so SGD is stable for η &lt; 2/2 = 1: η = 0.9 zig-zags in, η = 1.05 diverges.</source>
        <translation>お椀形 x²/20 + y² は y 方向の曲率が 2 なので、SGD が安定するのは η &lt; 2/2 = 1 のときです。η = 0.9 はジグザグに収束し、η = 1.05 は発散します。</translation>
    </message>
</context><context>
    <name>ExportController</name>
    <message>
        <source>Export trajectory data</source>
        <translation>軌跡データの書き出し</translation>
    </message>
    <message>
        <source>CSV tables (*.csv);;JSON (*.json)</source>
        <translation>CSV 表 (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <source>Another export is still running.</source>
        <translation>別の書き出しがまだ実行中です。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>書き出しに失敗しました</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>準備中…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>書き出し中</translation>
    </message>
    <message>
        <source>Computing the trajectories…</source>
        <translation>軌跡を計算しています…</translation>
    </message>
    <message>
        <source>Rendering frame {done} of {total}…</source>
        <translation>フレームを描画しています（{done} / {total}）…</translation>
    </message>
    <message>
        <source>Encoding and writing…</source>
        <translation>エンコードして保存しています…</translation>
    </message>
    <message>
        <source>Exported {path}</source>
        <translation>{path} に書き出しました</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>書き出しをキャンセルしました。何も保存されていません。</translation>
    </message>
    <message>
        <source>Save scene failed</source>
        <translation>シーンを保存できませんでした</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>{path} に書き込めません: {reason}</translation>
    </message>
    <message>
        <source>Saved scene {path}</source>
        <translation>シーンを {path} に保存しました</translation>
    </message>
    <message>
        <source>Open scene failed</source>
        <translation>シーンを開けませんでした</translation>
    </message>
    <message>
        <source>Opened scene {path}</source>
        <translation>シーン {path} を開きました</translation>
    </message>
    <message>
        <source>Save scene</source>
        <translation>シーンを保存</translation>
    </message>
    <message>
        <source>Scenes (*.json)</source>
        <translation>シーン (*.json)</translation>
    </message>
    <message>
        <source>Open scene</source>
        <translation>シーンを開く</translation>
    </message>
    <message>
        <source>Scenes, exports and landscapes (*.json *.png *.gif *.npz);;All files (*)</source>
        <translation>シーン・書き出したファイル・損失地形 (*.json *.png *.gif *.npz);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open scene…</source>
        <translation>シーンを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Save scene &amp;as…</source>
        <translation>シーンに名前を付けて保存(&amp;A)…</translation>
    </message>
    <message>
        <source>Export &amp;image…</source>
        <translation>画像を書き出し(&amp;I)…</translation>
    </message>
    <message>
        <source>Export &amp;animation…</source>
        <translation>アニメーションを書き出し(&amp;A)…</translation>
    </message>
    <message>
        <source>Export trajectory &amp;data…</source>
        <translation>軌跡データを書き出し(&amp;D)…</translation>
    </message>
</context><context>
    <name>ExportDialog</name>
    <message>
        <source>3D view</source>
        <translation>3D 表示</translation>
    </message>
    <message>
        <source>Contour map</source>
        <translation>等高線図</translation>
    </message>
    <message>
        <source>3D view + contour map</source>
        <translation>3D 表示 + 等高線図</translation>
    </message>
    <message>
        <source>Loss curve</source>
        <translation>損失曲線</translation>
    </message>
    <message>
        <source>Whole window</source>
        <translation>ウィンドウ全体</translation>
    </message>
    <message>
        <source>PNG sequence (folder)</source>
        <translation>PNG 連番（フォルダ）</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>画像の書き出し</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>アニメーションの書き出し</translation>
    </message>
    <message>
        <source>View</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>ピクセル</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>to</source>
        <translation>～</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>every {n} step(s)</source>
        <translation>{n} ステップごと</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>フレーム</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>フレームレート</translation>
    </message>
    <message>
        <source>where to write</source>
        <translation>保存先</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <source>Folder for the PNG frames</source>
        <translation>PNG フレームの保存先フォルダ</translation>
    </message>
    <message>
        <source>GIF animations (*.gif)</source>
        <translation>GIF アニメーション (*.gif)</translation>
    </message>
    <message>
        <source>MP4 videos (*.mp4)</source>
        <translation>MP4 動画 (*.mp4)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Choose a file to write.</source>
        <translation>保存先のファイルを選んでください。</translation>
    </message>
    <message>
        <source>A frame is written as PNG: the file name must end in .png.</source>
        <translation>1 フレームは PNG で保存されます。ファイル名は .png で終わる必要があります。</translation>
    </message>
    <message>
        <source>The file name does not fit the format {format}.</source>
        <translation>ファイル名が形式 {format} に合っていません。</translation>
    </message>
    <message>
        <source>MP4 (H.264) needs an even width and height, got {w}×{h}.</source>
        <translation>MP4 (H.264) の幅と高さは偶数である必要があります（指定: {w}×{h}）。</translation>
    </message>
    <message>
        <source>A GIF plays at most {fps:g} fps in browsers.</source>
        <translation>ブラウザでの GIF の再生は最大 {fps:g} fps です。</translation>
    </message>
    <message>
        <source>The first step must not come after the last one.</source>
        <translation>最初のステップが最後のステップより後になっています。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>フォルダ {folder} が存在しません。</translation>
    </message>
</context><context>
    <name>ExportRunner</name>
    <message>
        <source>export to {path} cancelled; nothing was written</source>
        <translation>{path} への書き出しをキャンセルしました。何も保存されていません</translation>
    </message>
    <message>
        <source>the scene could not be computed</source>
        <translation>シーンを計算できませんでした</translation>
    </message>
    <message>
        <source>export to {path} failed: {error}</source>
        <translation>{path} への書き出しに失敗しました: {error}</translation>
    </message>
    <message>
        <source>export to {path} failed at frame {frame}: {error}</source>
        <translation>{path} への書き出しがフレーム {frame} で失敗しました: {error}</translation>
    </message>
    <message>
        <source>trajectory data is written as .csv or .json, got {path}</source>
        <translation>軌跡データは .csv か .json で保存します（指定: {path}）</translation>
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
    <name>FilterView</name>
    <message>
        <source>Learned filters: shown when a CNN trains</source>
        <translation>学習したフィルタ: CNN の学習中に表示します</translation>
    </message>
    <message>
        <source>each filter of the first convolution as an image, scaled on its own from black (its smallest weight) to white (its largest)</source>
        <translation>最初の畳み込み層の各フィルタを画像として表示します。フィルタごとに、最小の重みを黒、最大の重みを白として表します</translation>
    </message>
    <message>
        <source>Learned filters — {run}: {count} @ {h}×{w}, each from black (its lowest weight) to white (its highest)</source>
        <translation>学習したフィルタ — {run}: {count} 個 @ {h}×{w}、それぞれ最小の重みが黒、最大の重みが白</translation>
    </message>
    <message>
        <source>Learned filters: {count} @ {h}×{w}, each from black (its lowest weight) to white (its highest)</source>
        <translation>学習したフィルタ: {count} 個 @ {h}×{w}、それぞれ最小の重みが黒、最大の重みが白</translation>
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
    <name>HelpWindow</name>
    <message>
        <source>gradscape — README</source>
        <translation>gradscape — README（英語）</translation>
    </message>
    <message>
        <source>The README is not installed with this copy.</source>
        <translation>この環境には README がインストールされていません。</translation>
    </message>
    <message>
        <source>gradscape — user guide</source>
        <translation>gradscape — 使い方</translation>
    </message>
    <message>
        <source>The 3D view shows the loss surface L(w, b) and the path each optimizer takes on it, step by step.</source>
        <translation>3D 表示は損失曲面 L(w, b) と、その上を各最適化手法が 1 ステップずつ進む軌跡を表示します。</translation>
    </message>
    <message>
        <source>The contour map shows the same surface from above, with the same paths.</source>
        <translation>等高線図は同じ曲面を真上から見たもので、同じ軌跡を表示します。</translation>
    </message>
    <message>
        <source>The loss curve shows the loss at every step; with several optimizers, one curve each.</source>
        <translation>損失曲線は各ステップの損失を表示します。最適化手法が複数あれば、それぞれの曲線を表示します。</translation>
    </message>
    <message>
        <source>The equations on the right show the optimizer's update rule with the values of the current step.</source>
        <translation>右側の数式は、最適化手法の更新式を現在のステップの値とともに表示します。</translation>
    </message>
    <message>
        <source>The panel on the left chooses the surface, the optimizers and their hyperparameters (such as the learning rate η), and the start point.</source>
        <translation>左側のパネルで、損失曲面・最適化手法とそのハイパーパラメータ（学習率 η など）・開始点を選びます。</translation>
    </message>
    <message>
        <source>Click the surface or the contour map to set the start point.</source>
        <translation>曲面または等高線図をクリックすると、そこが開始点になります。</translation>
    </message>
    <message>
        <source>Drag in the 3D view to rotate it; Ctrl+drag or middle-drag to pan; the wheel zooms.</source>
        <translation>3D 表示はドラッグで回転、Ctrl+ドラッグまたは中ボタンのドラッグで移動、ホイールで拡大・縮小します。</translation>
    </message>
    <message>
        <source>Drag the cursor on the loss curve to go to a step.</source>
        <translation>損失曲線のカーソルをドラッグすると、そのステップに移動します。</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>使い方</translation>
    </message>
    <message>
        <source>The views</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Mouse</source>
        <translation>マウス</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>キー操作</translation>
    </message>
</context><context>
    <name>Landscape</name>
    <message>
        <source>no landscape for a CNN yet: landscapes take dense networks without dropout (choose Dense and dropout 0)</source>
        <translation>CNN の損失地形はまだ計算できません。損失地形はドロップアウトなしの全結合ネットワークだけが対象です（全結合とドロップアウト 0 を選んでください）</translation>
    </message>
    <message>
        <source>no landscape for a network with dropout yet: landscapes take dense networks without dropout (choose Dense and dropout 0)</source>
        <translation>ドロップアウトのあるネットワークの損失地形はまだ計算できません。損失地形はドロップアウトなしの全結合ネットワークだけが対象です（全結合とドロップアウト 0 を選んでください）</translation>
    </message>
    <message>
        <source>a landscape takes numeric hyperparameters only; {name}={value} of {label} cannot be passed (set it back to {default})</source>
        <translation>損失地形に渡せるのは数値のハイパーパラメータだけです。{label} の {name}={value} は渡せません（{default} に戻してください）</translation>
    </message>
    <message>
        <source>the landscape process stopped (exit code {code})</source>
        <translation>損失地形のプロセスが停止しました（終了コード {code}）</translation>
    </message>
    <message>
        <source>diverged at epoch {epoch}, step {step}: loss is {loss} ({kept}); try a smaller learning rate</source>
        <translation>学習がエポック {epoch}、ステップ {step} で発散しました: 損失が {loss} です（{kept}）。学習率を小さくしてみてください</translation>
    </message>
</context><context>
    <name>LandscapeDialog</name>
    <message>
        <source>training</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>Hessian eigenvectors</source>
        <translation>ヘッセ行列の固有ベクトル</translation>
    </message>
    <message>
        <source>loss grid</source>
        <translation>損失のグリッド</translation>
    </message>
    <message>
        <source>checkpoints' loss</source>
        <translation>チェックポイントの損失</translation>
    </message>
    <message>
        <source>path on the plane</source>
        <translation>平面上の軌跡</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>グリッド</translation>
    </message>
    <message>
        <source>span</source>
        <translation>範囲</translation>
    </message>
    <message>
        <source>Loss landscape of this network</source>
        <translation>このネットワークの損失地形</translation>
    </message>
    <message>
        <source>Directions</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>points per axis, odd, in [{low}, {high}] (the trained network is the centre point)</source>
        <translation>軸ごとの点の数。[{low}, {high}] の奇数（学習したネットワークが中心の点になります）</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>グリッド</translation>
    </message>
    <message>
        <source>half-width of the plane: random and Hessian directions in their units (1 = a move as large as each unit's weights), PCA in units of the path's extent</source>
        <translation>平面の半幅: ランダム方向とヘッセ行列の方向ではその単位（1 = 各ユニットの重みと同じ大きさの移動）、PCA では軌跡の広がりを単位とします</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>範囲</translation>
    </message>
    <message>
        <source>Move the biases too (random directions)</source>
        <translation>バイアスも動かす（ランダム方向）</translation>
    </message>
    <message>
        <source>workers</source>
        <translation>ワーカー数</translation>
    </message>
    <message>
        <source>local worker processes for the grid (default: every core)</source>
        <translation>グリッドを計算するこのマシンのワーカープロセス数（既定: すべてのコア）</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>ワーカー数</translation>
    </message>
    <message>
        <source>optional: a dask scheduler's address, tcp://HOST:PORT, to compute the grid on its cluster (empty: on this machine)</source>
        <translation>省略可: グリッドをクラスタで計算するときの dask スケジューラのアドレス tcp://HOST:PORT（空欄: このマシンで計算）</translation>
    </message>
    <message>
        <source>empty: this machine (tcp://HOST:PORT)</source>
        <translation>空欄: このマシン（tcp://HOST:PORT）</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>スケジューラ</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>計算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>{run} on {data}, layers {sizes}, {epochs} epochs of batches of {batch}, seed {seed}; the plane is centred on its solution and the paths of {more} more optimizers of the comparison are drawn on it</source>
        <translation>{data} で {run}、層 {sizes}、バッチサイズ {batch} で {epochs} エポック、シード {seed}。平面はこの解を中心にし、比較しているほかの最適化手法 {more} 個の軌跡も描きます</translation>
    </message>
    <message>
        <source>{run} on {data}, layers {sizes}, {epochs} epochs of batches of {batch}, seed {seed}</source>
        <translation>{data} で {run}、層 {sizes}、バッチサイズ {batch} で {epochs} エポック、シード {seed}</translation>
    </message>
    <message>
        <source>Not started — {reason}</source>
        <translation>開始していません — {reason}</translation>
    </message>
    <message>
        <source>starting …</source>
        <translation>開始中 …</translation>
    </message>
    <message>
        <source>Computing …</source>
        <translation>計算中 …</translation>
    </message>
    <message>
        <source>{step}: %v / %m</source>
        <translation>{step}: %v / %m</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Done: opened in the main window ({path})</source>
        <translation>完了: メインウィンドウで開きました（{path}）</translation>
    </message>
    <message>
        <source>Failed — {reason}</source>
        <translation>失敗しました — {reason}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
</context><context>
    <name>LandscapeOptions</name>
    <message>
        <source>Random (filter-normalised)</source>
        <translation>ランダム（フィルタ正規化）</translation>
    </message>
    <message>
        <source>PCA of the training path</source>
        <translation>学習の軌跡の PCA</translation>
    </message>
    <message>
        <source>Hessian's top two eigenvectors</source>
        <translation>ヘッセ行列の上位 2 つの固有ベクトル</translation>
    </message>
    <message>
        <source>scheduler must be an address like tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), got {value}</source>
        <translation>スケジューラは tcp://HOST:PORT の形のアドレスにしてください（例: tcp://10.0.0.5:8786）。入力: {value}</translation>
    </message>
    <message>
        <source>scheduler port must be in [1, 65535], got {value}</source>
        <translation>スケジューラのポートは [1, 65535] の範囲にしてください。入力: {value}</translation>
    </message>
    <message>
        <source>grid must be a whole number in [{low}, {high}], got {value}</source>
        <translation>グリッドは [{low}, {high}] の整数にしてください。入力: {value}</translation>
    </message>
    <message>
        <source>grid must be odd (the trained network is the centre point), got {value}</source>
        <translation>グリッドは奇数にしてください（学習したネットワークが中心の点になります）。入力: {value}</translation>
    </message>
    <message>
        <source>span must be a finite number &gt; 0, got {value}</source>
        <translation>範囲は 0 より大きい有限の数にしてください。入力: {value}</translation>
    </message>
    <message>
        <source>workers must be a whole number in [1, {high}], got {value}</source>
        <translation>ワーカー数は [1, {high}] の整数にしてください。入力: {value}</translation>
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
    <name>MainWindow</name>
    <message>
        <source>Internal error: {kind}: {error}</source>
        <translation>内部エラー: {kind}: {error}</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>線形</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>対数</translation>
    </message>
    <message>
        <source>Clipped</source>
        <translation>上限カット</translation>
    </message>
    <message>
        <source>gradscape — how optimizers move on a loss surface</source>
        <translation>gradscape — 最適化手法は損失曲面の上をどう動くか</translation>
    </message>
    <message>
        <source>S&amp;weep η…</source>
        <translation>η のスイープ(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation>スクリーンショットを保存(&amp;S)…</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>例題(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reset camera</source>
        <translation>視点をリセット(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Log-scale loss curve</source>
        <translation>損失曲線を対数目盛に(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Colormap</source>
        <translation>カラーマップ(&amp;C)</translation>
    </message>
    <message>
        <source>S&amp;tep-by-step mode</source>
        <translation>1 段階ずつ進めるモード(&amp;T)</translation>
    </message>
    <message>
        <source>Surface &amp;detail</source>
        <translation>曲面の細かさ(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>再生(&amp;P)</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>再生 / 一時停止</translation>
    </message>
    <message>
        <source>Step forward</source>
        <translation>1 ステップ進む</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>1 ステップ戻る</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>最初のステップ</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>最後のステップ</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>最初から再生</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>使い方(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;README</source>
        <translation>README(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;About gradscape</source>
        <translation>gradscape について(&amp;A)</translation>
    </message>
    <message>
        <source>View</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高さ</translation>
    </message>
    <message>
        <source>Height of the 3D surface and colours: linear, log or clipped (for very flat or very steep surfaces)</source>
        <translation>3D 曲面の高さと色: 線形・対数・上限カット（とても平らな曲面や、とても急な曲面のとき）</translation>
    </message>
    <message>
        <source>step {step} / {steps}</source>
        <translation>ステップ {step} / {steps}</translation>
    </message>
    <message>
        <source>loss {loss}</source>
        <translation>損失 {loss}</translation>
    </message>
    <message>
        <source>{run} stopped at step {k}</source>
        <translation>{run} はステップ {k} で停止</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>スクリーンショットを保存</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>スクリーンショット</translation>
    </message>
</context><context>
    <name>NetworkForm</name>
    <message>
        <source>Log-scale loss</source>
        <translation>損失を対数目盛で表示</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>{dataset} (needs scikit-learn)</source>
        <translation>{dataset}（scikit-learn が必要）</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>Dense: layers of the hidden widths.  CNN (image data: digits): a convolution of F filters k×k ("same" padding) → activation → max pool {pool} → dense output</source>
        <translation>全結合: 隠れ層の幅どおりの層。CNN（画像データ: 手書き数字）: k×k のフィルタ F 個の畳み込み（"same" パディング）→ 活性化関数 → 最大プーリング {pool} → 全結合の出力層</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>構成</translation>
    </message>
    <message>
        <source>number of convolution filters F (each one learned image)</source>
        <translation>畳み込みのフィルタ数 F（それぞれが学習される 1 枚の画像）</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>フィルタ数</translation>
    </message>
    <message>
        <source>filter size k: each filter is k×k pixels</source>
        <translation>フィルタサイズ k: 各フィルタは k×k ピクセル</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>カーネル</translation>
    </message>
    <message>
        <source>sizes of the hidden layers, e.g. 32, 32 (empty: no hidden layer)</source>
        <translation>隠れ層のサイズ。例: 32, 32（空欄: 隠れ層なし）</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>隠れ層</translation>
    </message>
    <message>
        <source>activation of the hidden layers</source>
        <translation>隠れ層の活性化関数</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <source>dropout ratio after every hidden layer (one number), or one per hidden layer (0.2, 0); for the CNN after its pooling; 0 or empty: none.  Training drops that share of the units and scales the others up; evaluation keeps all</source>
        <translation>各隠れ層の後のドロップアウト率（数 1 つ）、または隠れ層ごとの率（0.2, 0）。CNN ではプーリングの後。0 か空欄: なし。学習中はその割合のユニットを落とし、残りを拡大します。評価ではすべてのユニットを使います</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>ドロップアウト</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>learning rate η</source>
        <translation>学習率 η</translation>
    </message>
    <message>
        <source>how η changes with the step t (constant: the η field)</source>
        <translation>η がステップ t とともにどう変わるか（一定: η の欄の値）</translation>
    </message>
    <message>
        <source>η schedule</source>
        <translation>η のスケジュール</translation>
    </message>
    <message>
        <source>Add to comparison</source>
        <translation>比較に追加</translation>
    </message>
    <message>
        <source>Compare optimizers: Train trains every listed one in turn from the same initial weights and batch order</source>
        <translation>最適化手法を比較します。「学習」を押すと、一覧の手法を同じ初期重み・同じバッチ順で順に学習します</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>passes over the data</source>
        <translation>データ全体を何周するか</translation>
    </message>
    <message>
        <source>samples per update (the last batch of an epoch may be smaller)</source>
        <translation>1 回の更新に使うサンプル数（エポックの最後のバッチは小さくなることがあります）</translation>
    </message>
    <message>
        <source>seed of the initial weights and of the batch order (the data stay the same)</source>
        <translation>初期重みとバッチ順のシード（データは変わりません）</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Track sharpness every</source>
        <translation>鋭さを測る間隔</translation>
    </message>
    <message>
        <source>λmax of the training loss's Hessian (power iteration on exact Hessian-vector products, on {samples} fixed training samples) every k steps, plotted against the optimizer's stability limit (2/η for SGD): the edge of stability</source>
        <translation>訓練データの損失のヘッセ行列の λmax（固定した訓練データ {samples} 個で、厳密なヘッセ行列・ベクトル積のべき乗法により計算）を k ステップごとに測り、最適化手法の安定限界（SGD では 2/η）と並べて描きます: 安定性の縁</translation>
    </message>
    <message>
        <source>steps between two measurements of λmax (each costs some Hessian-vector products: a few passes over the subset)</source>
        <translation>λmax を測る間隔のステップ数（1 回の測定にヘッセ行列・ベクトル積が何回か、つまりサブセットを数周する計算がかかります）</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Landscape…</source>
        <translation>損失地形…</translation>
    </message>
    <message>
        <source>Train this network with checkpoints and compute its loss landscape on a plane of parameter space; it opens in the main window</source>
        <translation>このネットワークをチェックポイント付きで学習し、パラメータ空間の平面上で損失地形を計算します。結果はメインウィンドウで開きます</translation>
    </message>
    <message>
        <source>%v / %m epochs</source>
        <translation>%v / %m エポック</translation>
    </message>
    <message>
        <source>{optimizer} has no η</source>
        <translation>{optimizer} には η がありません</translation>
    </message>
    <message>
        <source>a CNN needs image data: choose Digits</source>
        <translation>CNN には画像データが必要です: 手書き数字を選んでください</translation>
    </message>
    <message>
        <source>Train compares these {count} runs from the same initial weights</source>
        <translation>「学習」で、この {count} 個の設定を同じ初期重みから比較します</translation>
    </message>
    <message>
        <source>Empty: Train trains the optimizer above alone</source>
        <translation>空: 「学習」では上の最適化手法だけを学習します</translation>
    </message>
    <message>
        <source>{c}×{h}×{w} → conv {filters}@{k}×{k} → {filters}×{h}×{w} → pool {pool} → {filters}×{ph}×{pw} → dense {outputs}</source>
        <translation>{c}×{h}×{w} → 畳み込み {filters}@{k}×{k} → {filters}×{h}×{w} → プーリング {pool} → {filters}×{ph}×{pw} → 全結合 {outputs}</translation>
    </message>
    <message>
        <source>layers {sizes}</source>
        <translation>層 {sizes}</translation>
    </message>
    <message>
        <source>Not started — fix the marked fields: {errors}</source>
        <translation>開始していません — 印の付いた欄を直してください: {errors}</translation>
    </message>
    <message>
        <source>Not started — fix the marked field: {errors}</source>
        <translation>開始していません — 印の付いた欄を直してください: {errors}</translation>
    </message>
    <message>
        <source>Not started — {reason}</source>
        <translation>開始していません — {reason}</translation>
    </message>
    <message>
        <source>Cancelling …</source>
        <translation>キャンセル中 …</translation>
    </message>
    <message>
        <source>Training {run} …</source>
        <translation>{run} を学習中 …</translation>
    </message>
    <message>
        <source>Training failed: {reason}</source>
        <translation>学習に失敗しました: {reason}</translation>
    </message>
</context><context>
    <name>NetworkPlots</name>
    <message>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <source>train</source>
        <translation>訓練データ</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>テストデータ</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>クラス {k}</translation>
    </message>
    <message>
        <source>Decision regions (predicted class); ● train, ▲ test</source>
        <translation>決定領域（予測したクラス）、● 訓練データ、▲ テストデータ</translation>
    </message>
    <message>
        <source>noisy samples</source>
        <translation>ノイズのあるサンプル</translation>
    </message>
    <message>
        <source>network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>Target sin x, the noisy samples and the network's curve</source>
        <translation>目標の sin x、ノイズのあるサンプル、ネットワークの曲線</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>正解のクラス</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>予測したクラス</translation>
    </message>
    <message>
        <source>Confusion matrix on the test set (after training)</source>
        <translation>テストデータの混同行列（学習後）</translation>
    </message>
    <message>
        <source>Decision regions of {run}; ● train, ▲ test</source>
        <translation>{run} の決定領域、● 訓練データ、▲ テストデータ</translation>
    </message>
    <message>
        <source>Target sin x, the noisy samples and {run}'s curve</source>
        <translation>目標の sin x、ノイズのあるサンプル、{run} の曲線</translation>
    </message>
    <message>
        <source>{run}: test accuracy {accuracy}% ({wrong} of {total} test digits misclassified; right: {shown} of them, true → predicted)</source>
        <translation>{run}: テストデータの精度 {accuracy}%（テストの数字 {total} 個のうち {wrong} 個を誤分類。右: そのうち {shown} 個、正解 → 予測）</translation>
    </message>
    <message>
        <source>{run}: test accuracy {accuracy}% ({wrong} of {total} test digits misclassified)</source>
        <translation>{run}: テストデータの精度 {accuracy}%（テストの数字 {total} 個のうち {wrong} 個を誤分類）</translation>
    </message>
    <message>
        <source>test accuracy {accuracy}% ({wrong} of {total} test digits misclassified; right: {shown} of them, true → predicted)</source>
        <translation>テストデータの精度 {accuracy}%（テストの数字 {total} 個のうち {wrong} 個を誤分類。右: そのうち {shown} 個、正解 → 予測）</translation>
    </message>
    <message>
        <source>test accuracy {accuracy}% ({wrong} of {total} test digits misclassified)</source>
        <translation>テストデータの精度 {accuracy}%（テストの数字 {total} 個のうち {wrong} 個を誤分類）</translation>
    </message>
</context><context>
    <name>NetworkState</name>
    <message>
        <source>Dense (hidden widths)</source>
        <translation>全結合（隠れ層の幅）</translation>
    </message>
    <message>
        <source>CNN (conv → pool → dense)</source>
        <translation>CNN（畳み込み → プーリング → 全結合）</translation>
    </message>
    <message>
        <source>dataset must be one of {choices}, got {value}</source>
        <translation>データセットは {choices} のいずれかにしてください。入力: {value}</translation>
    </message>
    <message>
        <source>hidden layers: at most {most} sizes, got {count} ({text})</source>
        <translation>隠れ層: サイズは {most} 個までです。入力は {count} 個（{text}）</translation>
    </message>
    <message>
        <source>hidden layer sizes must be whole numbers in [1, {high}] separated by commas, got {value}</source>
        <translation>隠れ層のサイズは [1, {high}] の整数をコンマで区切って入力してください。入力: {value}</translation>
    </message>
    <message>
        <source>hidden layer sizes must be in [1, {high}], got {value}</source>
        <translation>隠れ層のサイズは [1, {high}] の範囲にしてください。入力: {value}</translation>
    </message>
    <message>
        <source>dropout: at most {most} ratios, got {count} ({text})</source>
        <translation>ドロップアウト: 率は {most} 個までです。入力は {count} 個（{text}）</translation>
    </message>
    <message>
        <source>dropout ratios must be numbers in [0, 1) separated by commas, got {value}</source>
        <translation>ドロップアウト率は [0, 1) の数をコンマで区切って入力してください。入力: {value}</translation>
    </message>
    <message>
        <source>dropout ratio must be a number in [0, 1), got {value}</source>
        <translation>ドロップアウト率は [0, 1) の数にしてください。入力: {value}</translation>
    </message>
    <message>
        <source>{optimizer} has no hyperparameter {name}; valid: {valid}</source>
        <translation>{optimizer} にハイパーパラメータ {name} はありません。使えるもの: {valid}</translation>
    </message>
    <message>
        <source>{name} must be a whole number in [{low}, {high}], got {value}</source>
        <translation>{name} は [{low}, {high}] の整数にしてください。入力: {value}</translation>
    </message>
    <message>
        <source>architecture must be one of {choices}, got {value}</source>
        <translation>構成は {choices} のいずれかにしてください。入力: {value}</translation>
    </message>
    <message>
        <source>architecture: a CNN needs image data (digits); {data} are points</source>
        <translation>構成: CNN には画像データ（手書き数字）が必要です。{data} は点のデータです</translation>
    </message>
    <message>
        <source>filters</source>
        <translation>フィルタ数</translation>
    </message>
    <message>
        <source>kernel size</source>
        <translation>カーネルサイズ</translation>
    </message>
    <message>
        <source>dropout: at most {most} ratios, got {count}</source>
        <translation>ドロップアウト: 率は {most} 個までです。入力は {count} 個</translation>
    </message>
    <message>
        <source>dropout: {count} ratios for the CNN's conv block; give one ratio for every hidden layer or one per hidden layer</source>
        <translation>ドロップアウト: CNN の畳み込みブロックに対して率が {count} 個あります。全隠れ層共通の率を 1 つか、隠れ層ごとに 1 つずつ入力してください</translation>
    </message>
    <message>
        <source>dropout: {count} ratios for {blocks} hidden layers; give one ratio for every hidden layer or one per hidden layer</source>
        <translation>ドロップアウト: 隠れ層 {blocks} 個に対して率が {count} 個あります。全隠れ層共通の率を 1 つか、隠れ層ごとに 1 つずつ入力してください</translation>
    </message>
    <message>
        <source>hidden layer size</source>
        <translation>隠れ層のサイズ</translation>
    </message>
    <message>
        <source>hidden layers: at most {most}, got {count}</source>
        <translation>隠れ層は {most} 個までです。入力は {count} 個</translation>
    </message>
    <message>
        <source>{optimizer} has no η to schedule</source>
        <translation>{optimizer} にはスケジュールできる η がありません</translation>
    </message>
    <message>
        <source>schedule {schedule} has no parameter {name}; valid: {valid}</source>
        <translation>スケジュール {schedule} にパラメータ {name} はありません。使えるもの: {valid}</translation>
    </message>
    <message>
        <source>η follows no schedule: choose one first</source>
        <translation>η はスケジュールに従っていません。先にスケジュールを選んでください</translation>
    </message>
    <message>
        <source>compare at most {most} optimizers</source>
        <translation>比較できる最適化手法は {most} 個までです</translation>
    </message>
    <message>
        <source>index must be in [0, {count}), got {value}</source>
        <translation>番号は [0, {count}) の範囲にしてください。入力: {value}</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>sharpness every</source>
        <translation>鋭さを測る間隔</translation>
    </message>
    <message>
        <source>sharpness tracking takes dense networks without dropout; switch it off for this network</source>
        <translation>鋭さを測れるのはドロップアウトなしの全結合ネットワークだけです。このネットワークではオフにしてください</translation>
    </message>
</context><context>
    <name>NetworkWindow</name>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>gradscape — train a network</source>
        <translation>gradscape — ネットワークの学習</translation>
    </message>
    <message>
        <source>&amp;Landscape</source>
        <translation>損失地形(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Landscape…</source>
        <translation>損失地形(&amp;L)…</translation>
    </message>
    <message>
        <source>Compute this network's loss landscape</source>
        <translation>このネットワークの損失地形を計算します</translation>
    </message>
    <message>
        <source>Cannot open the landscape: {reason}</source>
        <translation>損失地形を開けません: {reason}</translation>
    </message>
    <message>
        <source>Opened the network's landscape {path}</source>
        <translation>ネットワークの損失地形 {path} を開きました</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>ネットワーク(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Train a network…</source>
        <translation>ネットワークを学習(&amp;T)…</translation>
    </message>
    <message>
        <source>Train a whole network with the same numpy core, live</source>
        <translation>同じ numpy のコアでネットワーク全体を学習し、その様子をその場で表示します</translation>
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
        <source>Step by step</source>
        <translation>1 段階ずつ</translation>
    </message>
    <message>
        <source>Step-by-step mode (S): the step buttons and the arrow keys walk one update at a time — gradient, state, step, move</source>
        <translation>1 段階ずつ進めるモード (S): ステップのボタンと矢印キーで 1 回の更新を段階ごとに進めます — 勾配、状態、ステップ、移動</translation>
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
    <name>RunRegionsView</name>
    <message>
        <source>Decision regions of each compared run</source>
        <translation>比較した各実行の決定領域</translation>
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
    <message>
        <source>seed must be an integer in [0, 2**32 - 1], got {value}</source>
        <translation>seed は 0 から 2**32 - 1 までの整数にしてください（入力: {value}）</translation>
    </message>
</context><context>
    <name>SharpnessView</name>
    <message>
        <source>stability limit (2/η for SGD)</source>
        <translation>安定限界（SGD では 2/η）</translation>
    </message>
    <message>
        <source>limit of λmax(P⁻¹H)</source>
        <translation>λmax(P⁻¹H) の限界</translation>
    </message>
    <message>
        <source>sharpness λmax</source>
        <translation>鋭さ λmax</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
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
    <name>StepMode</name>
    <message>
        <source>Gradient</source>
        <translation>勾配</translation>
    </message>
    <message>
        <source>Update of {symbols}</source>
        <translation>{symbols} の更新</translation>
    </message>
    <message>
        <source>Gradient at the shifted point</source>
        <translation>ずらした点での勾配</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移動</translation>
    </message>
    <message>
        <source>End of the run</source>
        <translation>軌跡の終わり</translation>
    </message>
    <message>
        <source>The gradient at ({axes}) = ({point}) is g = ({g}): the loss grows fastest that way, so the step will go against it.</source>
        <translation>({axes}) = ({point}) での勾配は g = ({g}) です。損失はこの向きに最も速く増えるので、ステップはその逆向きに進みます。</translation>
    </message>
    <message>
        <source>{values}: a running mix of this gradient and the earlier ones, so the path keeps its heading. The arrow is the step it alone would make.</source>
        <translation>{values}: 今回の勾配とこれまでの勾配を混ぜ合わせたものなので、軌跡はそれまでの向きを保ちます。矢印はこれだけで進んだ場合のステップです。</translation>
    </message>
    <message>
        <source>{values}: it keeps track of how large the gradients have been on each axis; an axis with large gradients gets a smaller step.</source>
        <translation>{values}: 各軸でこれまでの勾配がどれだけ大きかったかを記録します。勾配の大きい軸ほどステップは小さくなります。</translation>
    </message>
    <message>
        <source>{values}: SAM first looks uphill, a distance ρ along the gradient, to a point where the loss is higher.</source>
        <translation>{values}: SAM はまず勾配の向きに距離 ρ だけ登り、損失がより高い点を見ます。</translation>
    </message>
    <message>
        <source>{values}: the rule carries this from one update to the next and uses it for the step.</source>
        <translation>{values}: この値は更新から次の更新へ引き継がれ、ステップの計算に使われます。</translation>
    </message>
    <message>
        <source>The gradient again, at the shifted point ({point}): the step uses this g' instead of g.</source>
        <translation>ずらした点 ({point}) でもう一度勾配を求めます。ステップには g の代わりにこの g' を使います。</translation>
    </message>
    <message>
        <source>The step is Δ = ({delta}): on each axis the gradient times ({effective}), the effective step. The arrow shows it; the point has not moved yet.</source>
        <translation>ステップは Δ = ({delta}) です。各軸で勾配に ({effective}) (実効ステップ) を掛けたものです。矢印がそれを示します。点はまだ動いていません。</translation>
    </message>
    <message>
        <source>The point moves by Δ from ({before}) to ({after}); the loss goes from {loss0} to {loss1}.</source>
        <translation>点が Δ だけ ({before}) から ({after}) へ移動し、損失は {loss0} から {loss1} になります。</translation>
    </message>
    <message>
        <source>{run} ends at step {n}: no update leaves this point.</source>
        <translation>{run} はステップ {n} で終わっています。この点からの更新はありません。</translation>
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
    <name>Training</name>
    <message>
        <source>the parameters were restored to the start of epoch {epoch}</source>
        <translation>パラメータはエポック {epoch} の開始時の値に戻しました</translation>
    </message>
    <message>
        <source>the parameters are the last finite ones</source>
        <translation>パラメータは最後の有限な値のままです</translation>
    </message>
    <message>
        <source>{label} diverged at epoch {epoch}, step {step}: loss is {loss} ({kept}); try a smaller learning rate</source>
        <translation>{label} はエポック {epoch}、ステップ {step} で発散しました: 損失が {loss} です（{kept}）。学習率を小さくしてみてください</translation>
    </message>
    <message>
        <source>{label}: cancelled after epoch {epoch} of {epochs}</source>
        <translation>{label}: {epochs} エポック中 {epoch} エポックでキャンセルしました</translation>
    </message>
    <message>
        <source>{label}: loss {loss}, test accuracy {accuracy}% ({epochs} epochs, {seconds} s)</source>
        <translation>{label}: 損失 {loss}、テストデータの精度 {accuracy}%（{epochs} エポック、{seconds} 秒）</translation>
    </message>
    <message>
        <source>{label}: loss {loss}, test loss {test_loss} ({epochs} epochs, {seconds} s)</source>
        <translation>{label}: 損失 {loss}、テストデータの損失 {test_loss}（{epochs} エポック、{seconds} 秒）</translation>
    </message>
    <message>
        <source>{label}: loss {loss} ({epochs} epochs, {seconds} s)</source>
        <translation>{label}: 損失 {loss}（{epochs} エポック、{seconds} 秒）</translation>
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
    <message>
        <source>optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <source>surface</source>
        <translation>損失曲面</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>スケジュール</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}: {problem}</translation>
    </message>
    <message>
        <source>{text}… ({length} characters)</source>
        <translation>{text}…（{length} 文字）</translation>
    </message>
    <message>
        <source>{text} ({length} characters)</source>
        <translation>{text}（{length} 文字）</translation>
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
        <source>{name} must be True or False, got {value}</source>
        <translation>{name} は True か False にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{name} must be {range}, got {value}</source>
        <translation>{name} は {range}にしてください（入力: {value}）</translation>
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
        <source>{name} must be an integer, got {value}</source>
        <translation>{name} は整数にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{name} must be {range}, got a number too large for a float</source>
        <translation>{name} は {range}にしてください（入力された数が大きすぎて浮動小数点数で表せません）</translation>
    </message>
    <message>
        <source>unknown {kind} {name}; valid names: {valid}</source>
        <translation>{name} という{kind}はありません。使える名前: {valid}</translation>
    </message>
    <message>
        <source>unknown {kind} {name}; did you mean {close}? valid names: {valid}</source>
        <translation>{name} という{kind}はありません。{close} のことですか？ 使える名前: {valid}</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} または {second}</translation>
    </message>
    <message>
        <source>{what} got an unknown keyword {name}; valid: {valid}</source>
        <translation>{what} に {name} というキーワードはありません。使えるもの: {valid}</translation>
    </message>
    <message>
        <source>{what} got {name} twice (once as an alias)</source>
        <translation>{what} に {name} が 2 回指定されています（1 回は別名で）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>a schedule's plain form needs a 'schedule' name, got {value}</source>
        <translation>スケジュールには 'schedule' の名前が必要です（入力: {value}）</translation>
    </message>
    <message>
        <source>expected a schedule or a callable of t, got {value}</source>
        <translation>スケジュールか t の関数にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>pct_start·total_steps = {product} leaves a phase of the one-cycle schedule empty; raise total_steps or change pct_start</source>
        <translation>pct_start·total_steps = {product} では one-cycle スケジュールの段階の長さが 0 になります。total_steps を大きくするか pct_start を変えてください</translation>
    </message>
    <message>
        <source>{schedule} at step t={t} gives {error}</source>
        <translation>{schedule} はステップ t={t} で条件を満たしません: {error}</translation>
    </message>
    <message>
        <source>expression: {problem} at column {column}</source>
        <translation>式: {problem}（{column} 文字目）</translation>
    </message>
    <message>
        <source>expression: {problem}</source>
        <translation>式: {problem}</translation>
    </message>
    <message>
        <source>expression: must be text in w and b, got {kind}</source>
        <translation>式: w と b の式を文字で入力してください（入力: {kind}）</translation>
    </message>
    <message>
        <source>expression: at most {limit} characters, got {length}</source>
        <translation>式: {limit} 文字以内にしてください（入力: {length} 文字）</translation>
    </message>
    <message>
        <source>expression: empty; type a formula in w and b, e.g. w**2 + 3*b**2</source>
        <translation>式: 空です。w と b の式を入力してください（例: w**2 + 3*b**2）</translation>
    </message>
    <message>
        <source>not a formula: it ends too early</source>
        <translation>式として読めません: 途中で終わっています</translation>
    </message>
    <message>
        <source>not a formula ({error})</source>
        <translation>式として読めません（{error}）</translation>
    </message>
    <message>
        <source>cannot be read ({error})</source>
        <translation>読み取れません（{error}）</translation>
    </message>
    <message>
        <source>nested deeper than {limit} parentheses</source>
        <translation>括弧の入れ子が {limit} 段を超えています</translation>
    </message>
    <message>
        <source>must be one line</source>
        <translation>1 行で入力してください</translation>
    </message>
    <message>
        <source>the constant part is too large (at most {limit})</source>
        <translation>定数の部分が大きすぎます（{limit} まで）</translation>
    </message>
    <message>
        <source>nested deeper than {limit} levels</source>
        <translation>入れ子が {limit} 段を超えています</translation>
    </message>
    <message>
        <source>text is not a number</source>
        <translation>文字列は数ではありません</translation>
    </message>
    <message>
        <source>{value} is not a number</source>
        <translation>{value} は数ではありません</translation>
    </message>
    <message>
        <source>the number is too large (at most {limit})</source>
        <translation>数が大きすぎます（{limit} まで）</translation>
    </message>
    <message>
        <source>unknown name '{name}'; the variables are w and b</source>
        <translation>'{name}' という名前は使えません。変数は w と b です</translation>
    </message>
    <message>
        <source>only - and + may stand before a term</source>
        <translation>項の前に置けるのは - と + だけです</translation>
    </message>
    <message>
        <source>{node} is not allowed</source>
        <translation>{node} は使えません</translation>
    </message>
    <message>
        <source>operator not allowed</source>
        <translation>この演算子は使えません</translation>
    </message>
    <message>
        <source>division by zero</source>
        <translation>0 で割っています</translation>
    </message>
    <message>
        <source>the exponent {exponent} is too large (at most {limit} in size)</source>
        <translation>指数 {exponent} が大きすぎます（絶対値 {limit} まで）</translation>
    </message>
    <message>
        <source>division by zero (0 to a negative power)</source>
        <translation>0 で割っています（0 の負のべき乗）</translation>
    </message>
    <message>
        <source>a negative number to a fractional power is not real</source>
        <translation>負の数の分数乗は実数になりません</translation>
    </message>
    <message>
        <source>only the named functions may be called ({functions})</source>
        <translation>呼び出せるのは名前のある関数だけです（{functions}）</translation>
    </message>
    <message>
        <source>unknown function '{name}'; the functions are {functions}</source>
        <translation>'{name}' という関数はありません。使える関数: {functions}</translation>
    </message>
    <message>
        <source>{name}() takes no keywords</source>
        <translation>{name}() にキーワード引数は渡せません</translation>
    </message>
    <message>
        <source>{name}() takes one argument, got {count}</source>
        <translation>{name}() の引数は 1 つです（入力: {count} 個）</translation>
    </message>
    <message>
        <source>{call} is too large</source>
        <translation>{call} が大きすぎます</translation>
    </message>
    <message>
        <source>{call} is not a real number</source>
        <translation>{call} は実数になりません</translation>
    </message>
    <message>
        <source>comprehensions are not allowed</source>
        <translation>内包表記は使えません</translation>
    </message>
    <message>
        <source>attributes (.) are not allowed</source>
        <translation>属性（.）は使えません</translation>
    </message>
    <message>
        <source>subscripts ([ ]) are not allowed</source>
        <translation>添字（[ ]）は使えません</translation>
    </message>
    <message>
        <source>lambdas are not allowed</source>
        <translation>lambda は使えません</translation>
    </message>
    <message>
        <source>conditional expressions (if/else) are not allowed</source>
        <translation>条件式（if/else）は使えません</translation>
    </message>
    <message>
        <source>comparisons are not allowed</source>
        <translation>比較は使えません</translation>
    </message>
    <message>
        <source>and/or are not allowed</source>
        <translation>and/or は使えません</translation>
    </message>
    <message>
        <source>assignments (:=) are not allowed</source>
        <translation>代入（:=）は使えません</translation>
    </message>
    <message>
        <source>starred arguments (*) are not allowed</source>
        <translation>* 付きの引数は使えません</translation>
    </message>
    <message>
        <source>strings are not allowed</source>
        <translation>文字列は使えません</translation>
    </message>
    <message>
        <source>lists are not allowed</source>
        <translation>リストは使えません</translation>
    </message>
    <message>
        <source>tuples (commas) are not allowed</source>
        <translation>タプル（カンマ）は使えません</translation>
    </message>
    <message>
        <source>sets are not allowed</source>
        <translation>集合は使えません</translation>
    </message>
    <message>
        <source>dictionaries are not allowed</source>
        <translation>辞書は使えません</translation>
    </message>
    <message>
        <source>await is not allowed</source>
        <translation>await は使えません</translation>
    </message>
    <message>
        <source>^ is not a power here: write ** (e.g. w**2)</source>
        <translation>^ はべき乗ではありません: ** と書いてください（例: w**2）</translation>
    </message>
    <message>
        <source>@ is not allowed</source>
        <translation>@ は使えません</translation>
    </message>
    <message>
        <source>// is not allowed: write /</source>
        <translation>// は使えません: / と書いてください</translation>
    </message>
    <message>
        <source>% is not allowed</source>
        <translation>% は使えません</translation>
    </message>
    <message>
        <source>&amp; is not allowed</source>
        <translation>&amp; は使えません</translation>
    </message>
    <message>
        <source>| is not allowed</source>
        <translation>| は使えません</translation>
    </message>
    <message>
        <source>&lt;&lt; is not allowed</source>
        <translation>&lt;&lt; は使えません</translation>
    </message>
    <message>
        <source>&gt;&gt; is not allowed</source>
        <translation>&gt;&gt; は使えません</translation>
    </message>
    <message>
        <source>z = {formula}   on w ∈ [{w0}, {w1}], b ∈ [{b0}, {b1}]</source>
        <translation>z = {formula}   範囲: w ∈ [{w0}, {w1}], b ∈ [{b0}, {b1}]</translation>
    </message>
    <message>
        <source>expression: is undefined (infinite or 0/0) everywhere: it reduces to {formula}</source>
        <translation>式: どこでも値が定まりません（無限大か 0/0）: 整理すると {formula} になります</translation>
    </message>
    <message>
        <source>expression: is not a real number everywhere: it reduces to {formula}</source>
        <translation>式: どこでも実数になりません: 整理すると {formula} になります</translation>
    </message>
    <message>
        <source>expression: too complex: its gradient has {nodes} terms and symbols (at most {limit})</source>
        <translation>式: 複雑すぎます: 勾配の項と記号が {nodes} 個あります（{limit} 個まで）</translation>
    </message>
    <message>
        <source>expression: has no closed-form derivative here</source>
        <translation>式: ここでは導関数を式で表せません</translation>
    </message>
    <message>
        <source>expression: no second derivative ({error})</source>
        <translation>式: 2 階微分を求められません（{error}）</translation>
    </message>
    <message>
        <source>expression: cannot be differentiated ({error})</source>
        <translation>式: 微分できません（{error}）</translation>
    </message>
    <message>
        <source>expression: missing; type a formula in w and b, e.g. {example}</source>
        <translation>式がありません。w と b の式を入力してください（例: {example}）</translation>
    </message>
    <message>
        <source>expression: must be text in w and b, got {value}</source>
        <translation>式: w と b の式を文字で入力してください（入力: {value}）</translation>
    </message>
    <message>
        <source>expression: {formula} has no finite value on w ∈ [{w0}, {w1}], b ∈ [{b0}, {b1}]</source>
        <translation>式: {formula} は w ∈ [{w0}, {w1}], b ∈ [{b0}, {b1}] で有限の値をとりません</translation>
    </message>
    <message>
        <source>projection — 2 of {size} dimensions</source>
        <translation>射影 — {size} 次元のうち 2 次元</translation>
    </message>
    <message>
        <source>projection — 2 of {size} dimensions, {share} % of the path's variance</source>
        <translation>射影 — {size} 次元のうち 2 次元、軌跡の分散の {share} %</translation>
    </message>
    <message>
        <source>projection — 2 of {size} dimensions; plane vs true loss on the path: max gap {gap}</source>
        <translation>射影 — {size} 次元のうち 2 次元。軌跡上の平面の損失と本当の損失の差: 最大 {gap}</translation>
    </message>
    <message>
        <source>projection — 2 of {size} dimensions, {share} % of the path's variance; plane vs true loss on the path: max gap {gap}</source>
        <translation>射影 — {size} 次元のうち 2 次元、軌跡の分散の {share} %。軌跡上の平面の損失と本当の損失の差: 最大 {gap}</translation>
    </message>
    <message>
        <source>binary cross-entropy needs targets y* in [0, 1], got y* = {values}</source>
        <translation>二値交差エントロピーでは目標値 y* を [0, 1] の範囲にしてください（入力: y* = {values}）</translation>
    </message>
    <message>
        <source>Binary cross-entropy needs outputs in (0, 1), but {activation} can leave that range: where it does, the loss is clipped and flat (gradient 0), so an optimizer stops there. Sigmoid keeps every output inside.</source>
        <translation>二値交差エントロピーには (0, 1) の範囲の出力が必要ですが、{activation} の出力はこの範囲の外に出ることがあります。外に出たところでは損失が切り詰められて平らになり（勾配 0）、最適化手法はそこで止まります。シグモイドなら出力はいつも範囲の中です。</translation>
    </message>
    <message>
        <source>the loss at the start is not finite</source>
        <translation>開始点での損失が有限ではありません</translation>
    </message>
    <message>
        <source>start is outside the bounds: (w, b) = ({w}, {b}) is more than {bound} domain spans outside the domain</source>
        <translation>開始点が範囲外です: (w, b) = ({w}, {b}) は描画範囲の外側へ範囲の幅の {bound} 倍を超えて離れています</translation>
    </message>
    <message>
        <source>the gradient at (w, b) = ({w}, {b}) is not finite</source>
        <translation>(w, b) = ({w}, {b}) での勾配が有限ではありません</translation>
    </message>
    <message>
        <source>the optimizer's move is not finite</source>
        <translation>最適化手法の更新量が有限ではありません</translation>
    </message>
    <message>
        <source>the parameters are not finite</source>
        <translation>パラメータが有限ではありません</translation>
    </message>
    <message>
        <source>left the bounds: (w, b) = ({w}, {b}) is more than {bound} domain spans outside the domain</source>
        <translation>範囲の外に出ました: (w, b) = ({w}, {b}) は描画範囲の外側へ範囲の幅の {bound} 倍を超えて離れています</translation>
    </message>
    <message>
        <source>the loss is not finite</source>
        <translation>損失が有限ではありません</translation>
    </message>
    <message>
        <source>the optimizer failed: {error}</source>
        <translation>最適化手法でエラーが起きました: {error}</translation>
    </message>
    <message>
        <source>must be a finite number, got {value}</source>
        <translation>有限の数にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be an object, got {value}</source>
        <translation>オブジェクトにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>unknown field {name}; valid: {valid}</source>
        <translation>{name} は知らない項目です。使える項目: {valid}</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>ありません</translation>
    </message>
    <message>
        <source>must be a list of numbers, got {value}</source>
        <translation>数のリストにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must hold {n} numbers (one per point), got {count}</source>
        <translation>数を {n} 個（点ごとに 1 つ）にしてください（入力: {count} 個）</translation>
    </message>
    <message>
        <source>must be a non-empty list of [a, b] points, got {value}</source>
        <translation>空でない [a, b] の点のリストにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>at most {most} points, got {count}</source>
        <translation>点は {most} 個までです（入力: {count} 個）</translation>
    </message>
    <message>
        <source>must be a pair [a, b], got {value}</source>
        <translation>[a, b] の組にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be an object with {fields}</source>
        <translation>{fields} をもつオブジェクトにしてください</translation>
    </message>
    <message>
        <source>must be a non-empty text of at most {most} characters</source>
        <translation>空でない {most} 文字以内のテキストにしてください</translation>
    </message>
    <message>
        <source>must be a list of recorded paths, got {value}</source>
        <translation>記録された軌跡のリストにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>at most {most} recorded paths, got {count}</source>
        <translation>記録された軌跡は {most} 本までです（入力: {count} 本）</translation>
    </message>
    <message>
        <source>must be {expected}, got {value}</source>
        <translation>{expected} にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be a string, got {value}</source>
        <translation>文字列にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>at most {most}, got {count}</source>
        <translation>{most} 個までです（入力: {count} 個）</translation>
    </message>
    <message>
        <source>the integer of {bits} bits is too large for a number</source>
        <translation>{bits} ビットの整数は大きすぎて数として扱えません</translation>
    </message>
    <message>
        <source>{name} is {kind}-valued and cannot follow a schedule</source>
        <translation>{name} は {kind} 型の値なので、スケジュールに従わせることはできません</translation>
    </message>
    <message>
        <source>must be a pair [w, b], got {value}</source>
        <translation>[w, b] の組にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must hold two finite numbers, got {value}</source>
        <translation>有限の数を 2 つにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be [w, b] or a list of [w, b] points, got {value}</source>
        <translation>[w, b] か、[w, b] の点のリストにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>at most {most} start points, got {count}</source>
        <translation>開始点は {most} 個までです（入力: {count} 個）</translation>
    </message>
    <message>
        <source>must be in [-90, 90] degrees, got {value}</source>
        <translation>-90 度から 90 度までにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be in (0, 1e6], got {value}</source>
        <translation>0 より大きく 1e6 以下にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be a surface name, got {value}</source>
        <translation>損失曲面の名前にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be an object of parameters, got {value}</source>
        <translation>パラメータのオブジェクトにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be an integer in [{low}, {high}], got {value}</source>
        <translation>{low} から {high} までの整数にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be an integer &gt;= 0 or null, got {value}</source>
        <translation>0 以上の整数か null にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{surface} has no data samples; use null</source>
        <translation>{surface} にはデータのサンプルがありません。null にしてください</translation>
    </message>
    <message>
        <source>must be an integer in [1, {count}] or null, got {value}</source>
        <translation>1 から {count} までの整数か null にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be a finite number &gt; 0 or null, got {value}</source>
        <translation>0 より大きい有限の数か null にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>must be a non-empty list of optimizers, got {value}</source>
        <translation>空でない最適化手法のリストにしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{steps} steps × {runs} trajectories = {records} records, more than the {most} a run can hold; use fewer steps, start points or optimizers</source>
        <translation>{steps} ステップ × {runs} 本の軌跡 = {records} 件の記録は、1 回の実行で保持できる {most} 件を超えています。ステップ、開始点、最適化手法のどれかを減らしてください</translation>
    </message>
    <message>
        <source>must be an optimizer name, got {value}</source>
        <translation>最適化手法の名前にしてください（入力: {value}）</translation>
    </message>
    <message>
        <source>{function} is a Python function of t, which a scene cannot save; use a schedule (core.schedules.SCHEDULES), e.g. {example}</source>
        <translation>{function} は t の Python 関数なので、シーンに保存できません。スケジュール（core.schedules.SCHEDULES）を使ってください（例: {example}）</translation>
    </message>
    <message>
        <source>gradscape reads version {version}, got {value}</source>
        <translation>gradscape が読めるのはバージョン {version} です（入力: {value}）</translation>
    </message>
    <message>
        <source>cannot read {name}: {reason}</source>
        <translation>{name} を読み込めません: {reason}</translation>
    </message>
    <message>
        <source>{name} is larger than {limit} MB</source>
        <translation>{name} は {limit} MB より大きいファイルです</translation>
    </message>
    <message>
        <source>{name} is {kind}, not a scene file</source>
        <translation>{name} は{kind}で、シーンファイルではありません</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>フォルダ</translation>
    </message>
    <message>
        <source>a FIFO</source>
        <translation>FIFO</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>通常のファイル以外のもの</translation>
    </message>
    <message>
        <source>not UTF-8 text ({reason} at byte {byte})</source>
        <translation>UTF-8 のテキストではありません（{byte} バイト目: {reason}）</translation>
    </message>
    <message>
        <source>expected JSON text, got {kind}</source>
        <translation>JSON のテキストが必要です（入力: {kind}）</translation>
    </message>
    <message>
        <source>not valid JSON (line {line}, column {column}: {error})</source>
        <translation>正しい JSON ではありません（{line} 行 {column} 文字目: {error}）</translation>
    </message>
    <message>
        <source>not valid JSON ({error})</source>
        <translation>正しい JSON ではありません（{error}）</translation>
    </message>
    <message>
        <source>JSON nested too deeply</source>
        <translation>JSON の入れ子が深すぎます</translation>
    </message>
    <message>
        <source>must be a JSON object, got {kind}</source>
        <translation>JSON のオブジェクトにしてください（入力: {kind}）</translation>
    </message>
    <message>
        <source>unknown field; valid: {valid}</source>
        <translation>知らない項目です。使える項目: {valid}</translation>
    </message>
    <message>
        <source>no such file {name}</source>
        <translation>{name} というファイルはありません</translation>
    </message>
    <message>
        <source>{name} holds no gradscape scene</source>
        <translation>{name} には gradscape のシーンが入っていません</translation>
    </message>
</context></TS>