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
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation>スクリーンショットを保存(&amp;S)…</translation>
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