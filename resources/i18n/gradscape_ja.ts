<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
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
    <name>MainWindow</name>
    <message>
        <source>S&amp;weep η…</source>
        <translation>η のスイープ(&amp;W)…</translation>
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