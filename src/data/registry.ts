import { DataError } from './errors';
import type { ParseOptions } from './parse';

export interface DatasetFile {
  /** Name under the dev server's `/local-data/` folder and in the IndexedDB cache. */
  name: string;
  sha256?: string;
  bytes?: number;
  /** A direct download, tried after the cache and data/ (it needs CORS to work from a page). */
  url?: string;
  note?: string;
  /** Present when the app ships this file (its licence allows it): see ShippedFile. */
  shipped?: ShippedFile;
  /** Where these exact bytes were taken from (repository, path, commit), for the credits page. */
  provenance?: string;
}

/**
 * A copy of a data file served with the app from `public/datasets/` (rebuilt and checked by
 * `scripts/shipped-data.ts`). It is fetched only when a cell asks for the data set, and its
 * unpacked bytes must have the file's `sha256`.
 */
export interface ShippedFile {
  /** Path under the app's root, e.g. `datasets/energy/energydata_complete.csv.gz`. */
  path: string;
  /**
   * gzip -9 of the file, even of a file that is a .gz already (the outer layer costs 0.03 %):
   * servers such as vite preview or Apache send any `.gz` with `Content-Encoding: gzip`, and the
   * browser then unpacks one layer itself. So the kernel takes the bytes whose sha256 is the
   * file's: as they came, or gunzipped once.
   */
  compression: 'gzip';
  /** Size of the shipped (compressed) file. */
  bytes: number;
}

export interface ExpectedShape {
  /** Exact names in order, or only their count when names are not fixed. */
  columns?: readonly string[];
  columnCount?: number;
  rows?: number;
  /** 'at-most': a smaller file is a valid sample (the 10,000-row credit-card XLS). */
  rowsMode?: 'exact' | 'at-most';
}

export interface DatasetEntry {
  id: string;
  title: string;
  /**
   * 'archive': a .tar.gz of text files (20 Newsgroups): `data.load` reads it into posts (src/data/newsgroups/).
   * 'weights': pretrained weights (`weights.load(id)`), never shipped: too big, not data.
   * 'images': pictures a notebook opens by name (`Image.open('dog.jpg')`, chapter 5).
   */
  kind: 'table' | 'idx' | 'cifar10' | 'archive' | 'weights' | 'images';
  licence: string;
  /** Who made the data set, for the credits page (the citation names them too). */
  authors?: string;
  citation: string;
  /** The data set's own page. */
  url: string;
  files: readonly DatasetFile[];
  /** Other exact copies we know, by sha256, and what each one is. */
  knownVariants?: Readonly<Record<string, string>>;
  /** How the book reads it (header rows, nrows). */
  parse?: ParseOptions;
  expected?: ExpectedShape;
  target?: string;
}

// ── Expected target values (the dataset check refuses a file outside them) ────────────────────

export interface TargetRange {
  min: number;
  max: number;
  /** Whole numbers only (years, classes). */
  integer?: boolean;
  /** In words, for the message: "release years", "0 (no default) or 1 (default)". */
  what: string;
}

/**
 * By data set id. Ranges are the data's own: UCI states 1922–2011 for YearPredictionMSD; the
 * credit-card and Somerville targets are 0/1 classes; Appliances runs 10–1080 Wh in the file.
 */
export const TARGET_RANGES: Readonly<Record<string, TargetRange>> = {
  'somerville-happiness': { min: 0, max: 1, integer: true, what: '0 (unhappy) or 1 (happy)' },
  energy: { min: 10, max: 1080, what: 'appliance energy use in Wh, 10 to 1080' },
  'year-prediction-msd': {
    min: 1922,
    max: 2011,
    integer: true,
    what: 'release years 1922 to 2011',
  },
  'credit-card-default': { min: 0, max: 1, integer: true, what: '0 (no default) or 1 (default)' },
};

const UCI = 'UCI Machine Learning Repository, CC BY 4.0';
const DUA =
  'Dua, D. and Graff, C. (2019). UCI Machine Learning Repository. University of California, Irvine.';

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

const CREDIT_COLUMNS = [
  'ID',
  'LIMIT_BAL',
  'SEX',
  'EDUCATION',
  'MARRIAGE',
  'AGE',
  'PAY_0',
  ...range('PAY_', 2, 6),
  ...range('BILL_AMT', 1, 6),
  ...range('PAY_AMT', 1, 6),
  'default payment next month',
];

const ENERGY_COLUMNS = [
  'date',
  'Appliances',
  'lights',
  ...Array.from({ length: 9 }, (_, i) => [`T${i + 1}`, `RH_${i + 1}`]).flat(),
  'T_out',
  'Press_mm_hg',
  'RH_out',
  'Windspeed',
  'Visibility',
  'Tdewpoint',
  'rv1',
  'rv2',
];

const BITCOIN_SPLIT_COLUMNS = [
  'date',
  'iso_week',
  'close',
  'volume',
  'close_point_relative_normalization',
  'volume_point_relative_normalization',
];

const PACKT_BITCOIN =
  'CoinMarketCap data, as shipped in TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras (MIT)';

/** Pretrained weights the books load; found like the data sets (cache, data/, URL, upload). */
export const VGG19: DatasetEntry = {
  id: 'vgg19',
  title: "VGG-19 (torchvision's ImageNet weights)",
  kind: 'weights',
  licence: 'CC BY 4.0 (the VGG weights, Oxford Visual Geometry Group); torchvision BSD-3-Clause',
  authors: 'Karen Simonyan, Andrew Zisserman; converted by the torchvision team',
  citation:
    'Simonyan, K., Zisserman, A. (2015). Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015.',
  url: 'https://pytorch.org/vision/stable/models/generated/torchvision.models.vgg19.html',
  files: [
    {
      name: 'vgg19-dcbb9e9d.pth',
      url: 'https://download.pytorch.org/models/vgg19-dcbb9e9d.pth',
      bytes: 574673361,
      note: "What models.vgg19(pretrained=True) downloads (548 MB, PyTorch's legacy format); a PyTorch install keeps it in ~/.cache/torch/hub/checkpoints/. The app keeps only features[0..28] (51.8 MB).",
    },
  ],
};

/**
 * keras-applications' VGG-19 without the classifier: what `VGG19(include_top=False)` downloads.
 * Only an alternative to torchvision's file (the book uses that one), for a Keras user who has it.
 */
export const VGG19_KERAS: DatasetEntry = {
  id: 'vgg19-keras',
  title: "VGG-19 (keras-applications' ImageNet weights, no top)",
  kind: 'weights',
  licence: 'CC BY 4.0 (the VGG weights, Oxford Visual Geometry Group); Keras Apache-2.0',
  authors: 'Karen Simonyan, Andrew Zisserman; converted by the Keras team',
  citation:
    'Simonyan, K., Zisserman, A. (2015). Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015.',
  url: 'https://keras.io/api/applications/vgg/',
  files: [
    {
      name: 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5',
      url: 'https://storage.googleapis.com/tensorflow/keras-applications/vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5',
      bytes: 80134624,
      note: "What VGG19(weights='imagenet', include_top=False) downloads (about 80 MB, HDF5); a Keras install keeps it in ~/.keras/models/. The app keeps only block1_conv1 … block5_conv1 (51.8 MB).",
    },
  ],
};

const PYTORCH_WORKSHOP_RAW =
  'https://raw.githubusercontent.com/PacktWorkshops/The-Deep-Learning-with-PyTorch-Workshop/master/Chapter05';

const styleImage = (name: string, folder: string, sha256: string, bytes: number, what: string) => ({
  name,
  sha256,
  bytes,
  url: `${PYTORCH_WORKSHOP_RAW}/${folder}/images/${name}`,
  note: what,
  provenance: `GitHub PacktWorkshops/The-Deep-Learning-with-PyTorch-Workshop, Chapter05/${folder}/images/${name} (commit 373cfb2620c7)`,
});

/**
 * The style-transfer chapter's pictures. Not shipped: the book's repository is MIT, but it
 * says nothing of the rights to the photographs and the paintings' reproductions, so the app
 * finds them like any data set (cache, data/style-transfer/, the repository, an upload prompt).
 */
export const STYLE_TRANSFER_IMAGES: DatasetEntry = {
  id: 'style-transfer',
  title: 'Style-transfer images (The Deep Learning with PyTorch Workshop, chapter 5)',
  kind: 'images',
  licence:
    "The book's repository is MIT; the rights to the photographs and to the paintings' reproductions are not stated, so the app does not ship them",
  authors: "Packt (the book's repository); photographers and reproductions not named",
  citation:
    'Saleh, H. (2020). The Deep Learning with PyTorch Workshop, chapter 5. Packt. github.com/PacktWorkshops/The-Deep-Learning-with-PyTorch-Workshop',
  url: 'https://github.com/PacktWorkshops/The-Deep-Learning-with-PyTorch-Workshop/tree/master/Chapter05',
  files: [
    styleImage(
      'dog.jpg',
      'Exercise5.01',
      '25e1aac57c15c79a087663e9a2d6ba998f67438552bc595e2a733c23f96668c5',
      616392,
      'Exercises 5.01–5.04: the content image, a dog (1024 × 768).',
    ),
    styleImage(
      'matisse.jpg',
      'Exercise5.01',
      'db36ce27aabaeb9789a724d9ac08a7ac5c3d18e0a9a1576d0775e4ee1c77158e',
      165247,
      'Exercises 5.01–5.04: the style image, a Matisse painting (833 × 610).',
    ),
    styleImage(
      'landscape.jpg',
      'Activity5.01',
      'adfa2b7d3ce428bbc83d1544c6781a05c98e9f61a9c6c74275dafe586fc29295',
      254240,
      'Activity 5.01: the content image, a landscape photograph (960 × 631).',
    ),
    styleImage(
      'monet.jpg',
      'Activity5.01',
      '709605021f7de918c8dececf3dfcacd715eacb232074fd1b7b588d69a104f065',
      509797,
      'Activity 5.01: the style image, a Monet painting (2536 × 1917).',
    ),
  ],
};

export const DATASETS: readonly DatasetEntry[] = [
  {
    id: 'somerville-happiness',
    title: 'Somerville Happiness Survey 2015',
    kind: 'table',
    licence: UCI,
    authors: 'Waldemar W. Koczkodaj',
    citation: `Koczkodaj, W. W. (2018). Somerville Happiness Survey. ${DUA}`,
    url: 'https://archive.ics.uci.edu/ml/datasets/Somerville+Happiness+Survey',
    files: [
      {
        name: 'SomervilleHappinessSurvey2015.csv',
        sha256: '1527027fb65dd322a63c298189d800e634fd2e73adc61c0e008be6401bf5e97d',
        bytes: 2167,
        shipped: {
          path: 'datasets/somerville-happiness/SomervilleHappinessSurvey2015.csv.gz',
          compression: 'gzip',
          bytes: 527,
        },
        provenance:
          'GitHub PacktWorkshops/The-Deep-Learning-with-PyTorch-Workshop, Chapter01/Activity1.01/SomervilleHappinessSurvey2015.csv (commit 373cfb2)',
        note: 'The PyTorch workshop copy: UTF-8 with BOM, CRLF.',
      },
    ],
    parse: { headerRows: 1 },
    expected: { columns: ['D', ...range('X', 1, 6)], rows: 143 },
    target: 'D',
  },
  {
    id: 'energy',
    title: 'Appliances energy prediction',
    kind: 'table',
    licence: UCI,
    authors: 'Luis M. Candanedo, Véronique Feldheim, Dominique Deramaix',
    citation:
      'Candanedo, L. M., Feldheim, V., Deramaix, D. (2017). Data driven prediction models of energy use of appliances in a low-energy house. Energy and Buildings 140, 81–97.',
    url: 'https://archive.ics.uci.edu/ml/datasets/Appliances+energy+prediction',
    files: [
      {
        name: 'energydata_complete.csv',
        url: 'https://archive.ics.uci.edu/ml/machine-learning-databases/00374/energydata_complete.csv',
        sha256: '2820bf712ad0275cb18b85a05250926100d8e65ebb9f4d2d016ca91ea152a25d',
        bytes: 11979363,
        shipped: {
          path: 'datasets/energy/energydata_complete.csv.gz',
          compression: 'gzip',
          bytes: 1622130,
        },
        provenance:
          "The authors' repository LuisM78/Appliances-energy-prediction-data, energydata_complete.csv (git blob 75351081; bytes from sumukhv/Energy-Consumption-Task, energydata_complete.zip)",
      },
    ],
    parse: { headerRows: 1 },
    expected: { columns: ENERGY_COLUMNS, rows: 19735 },
    target: 'Appliances',
  },
  {
    id: 'year-prediction-msd',
    title: 'YearPredictionMSD (Million Song Dataset subset)',
    kind: 'table',
    licence: UCI,
    authors: 'Thierry Bertin-Mahieux, Daniel P. W. Ellis, Brian Whitman, Paul Lamere',
    citation:
      'Bertin-Mahieux, T., Ellis, D. P. W., Whitman, B., Lamere, P. (2011). The Million Song Dataset. ISMIR 2011.',
    url: 'https://archive.ics.uci.edu/ml/datasets/YearPredictionMSD',
    files: [
      {
        name: 'YearPredictionMSD.csv',
        note: 'The book copy has a header line 0,1,…,90; the UCI .txt has none. Both are detected.',
      },
      {
        name: 'YearPredictionMSD.first-1176-rows.no-header.csv',
        sha256: '1b65713a4df9a2323e962bcf23c61b06a6a581f23f88177c8304270ac8481a6e',
        bytes: 1014204,
        shipped: {
          path: 'datasets/year-prediction-msd/YearPredictionMSD.first-1176-rows.no-header.csv.gz',
          compression: 'gzip',
          bytes: 469703,
        },
        provenance:
          'GitHub AbdelilahJbr/SongYearPrediction, src/main/resources/test.csv (commit eded50c): the first 1,176 rows of the UCI file, re-serialised',
        note: 'The first 1,176 rows, no header: a sample.',
      },
    ],
    // The book reads only the first 50,000 of 515,345 rows (`nrows=50000`).
    parse: { maxRows: 50000 },
    expected: { columns: range('', 0, 90), rows: 50000, rowsMode: 'at-most' },
    target: '0',
  },
  {
    id: 'credit-card-default',
    title: 'Default of credit card clients',
    kind: 'table',
    licence: UCI,
    authors: 'I-Cheng Yeh, Che-hui Lien',
    citation:
      'Yeh, I. C., Lien, C. H. (2009). The comparisons of data mining techniques for the predictive accuracy of probability of default of credit card clients. Expert Systems with Applications 36(2), 2473–2480.',
    url: 'https://archive.ics.uci.edu/ml/datasets/default+of+credit+card+clients',
    files: [
      {
        name: 'default of credit card clients.xls',
        url: 'https://archive.ics.uci.edu/ml/machine-learning-databases/00350/default%20of%20credit%20card%20clients.xls',
        sha256: '30c6be3abd8dcfd3e6096c828bad8c2f011238620f5369220bd60cfc82700933',
        bytes: 5539328,
        shipped: {
          path: 'datasets/credit-card-default/default-of-credit-card-clients.xls.gz',
          compression: 'gzip',
          bytes: 1391776,
        },
        provenance:
          'The UCI workbook (git blob 91d982f0, as in natbusa/deepcredit); bytes from AhmeddAshour/Ensemble-Learning-for-Loan-Prediction, default of credit card clients.xls.zip',
        note: 'Excel 97–2003, one sheet "Data", two header rows (codes, then names).',
      },
    ],
    knownVariants: {
      '4c4b2c987f96c04cd71e6c326653cf3b3195fea4a970346ba86a9a6713c036ac':
        'the first 10,000 rows of the UCI workbook: a valid sample',
      '241ad596ef1c245549f3bd77fc7a7b04c3fc5499c89d336c1f7ae07c52094afd':
        'a CSV export (UTF-8 BOM, old-Mac CR line ends, two header rows)',
      '8c14eb1667cea74d666a1251a3048824cec9bd3c10e400fa964609104332b839':
        'tab-separated text with an .xls name, one header row',
    },
    // No fixed header rows: the XLS has two, some copies one; detection tells them apart.
    parse: {},
    // A shorter file with these columns is accepted as a sample of the 30,000 rows.
    expected: { columns: CREDIT_COLUMNS, rows: 30000, rowsMode: 'at-most' },
    target: 'default payment next month',
  },
  {
    id: 'bitcoin-historical-prices',
    title: 'Bitcoin historical prices (2013-04-28 → 2017-11-07)',
    kind: 'table',
    licence: 'MIT (book repository); cite CoinMarketCap',
    authors: "CoinMarketCap (prices); Packt (the book's files)",
    citation: PACKT_BITCOIN,
    url: 'https://github.com/TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras',
    files: [
      {
        name: 'bitcoin_historical_prices.csv',
        sha256: '369548cd09b86d8af12c2283d1bf537f31cc4188361ee0a35d8af20e467945d6',
        bytes: 116292,
        shipped: {
          path: 'datasets/bitcoin/bitcoin_historical_prices.csv.gz',
          compression: 'gzip',
          bytes: 39130,
        },
        provenance:
          'GitHub TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras, Lesson-2/activity_3/data/bitcoin_historical_prices.csv (commit 8fbccb9)',
        note: 'volume is empty in the first 243 rows.',
      },
    ],
    parse: { headerRows: 1 },
    expected: {
      columns: [
        'date',
        'iso_week',
        'open',
        'high',
        'low',
        'close',
        'volume',
        'market_capitalization',
      ],
      rows: 1655,
    },
  },
  {
    id: 'bitcoin-train',
    title: 'Bitcoin training set (2016-01-01 → 2017-06-24)',
    kind: 'table',
    licence: 'MIT (book repository); cite CoinMarketCap',
    authors: "CoinMarketCap (prices); Packt (the book's files)",
    citation: PACKT_BITCOIN,
    url: 'https://github.com/TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras',
    files: [
      {
        name: 'train_dataset.csv',
        sha256: 'f6f1c3aef982356cd0f4488b27e575a4b2d48a592fc3ad431d64eb7c9a5d186c',
        bytes: 39932,
        shipped: {
          path: 'datasets/bitcoin/train_dataset.csv.gz',
          compression: 'gzip',
          bytes: 15563,
        },
        provenance:
          'GitHub TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras, Lesson-2/activity_5/data/train_dataset.csv (commit 8fbccb9)',
      },
    ],
    parse: { headerRows: 1 },
    expected: { columns: BITCOIN_SPLIT_COLUMNS, rows: 541 },
  },
  {
    id: 'bitcoin-test',
    title: 'Bitcoin test set (2017-06-25 → 2017-11-07)',
    kind: 'table',
    licence: 'MIT (book repository); cite CoinMarketCap',
    authors: "CoinMarketCap (prices); Packt (the book's files)",
    citation: PACKT_BITCOIN,
    url: 'https://github.com/TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras',
    files: [
      {
        name: 'test_dataset.csv',
        sha256: '97a48762a580541470336edb3f17d252251f49fdca5db74cdfb5b5f23f810d06',
        bytes: 10353,
        shipped: { path: 'datasets/bitcoin/test_dataset.csv.gz', compression: 'gzip', bytes: 3943 },
        provenance:
          'GitHub TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras, Lesson-3/activity_6/data/test_dataset.csv (commit 8fbccb9)',
      },
    ],
    parse: { headerRows: 1 },
    expected: { columns: BITCOIN_SPLIT_COLUMNS, rows: 136 },
  },
  {
    id: 'mnist',
    title: 'MNIST handwritten digits',
    kind: 'idx',
    licence: 'CC BY-SA 3.0 (Yann LeCun and Corinna Cortes)',
    authors: 'Yann LeCun, Corinna Cortes, Christopher J. C. Burges',
    citation:
      'LeCun, Y., Bottou, L., Bengio, Y., Haffner, P. (1998). Gradient-based learning applied to document recognition. Proc. IEEE 86(11).',
    url: 'http://yann.lecun.com/exdb/mnist/',
    files: [
      {
        name: 'train-images-idx3-ubyte.gz',
        // Not the original .gz (9,912,422 bytes): the same 47,040,016 unpacked bytes (MD5
        // 6bbc9ace898e44ae57da46a324031adb, MNIST's), rebuilt from lossless PNGs, gzip -9 -n.
        sha256: '0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971',
        bytes: 9719438,
        note: '60,000 × 28 × 28',
        shipped: {
          path: 'datasets/mnist/train-images-idx3-ubyte.gz.gz',
          compression: 'gzip',
          bytes: 9722426,
        },
        provenance:
          'Rebuilt in IDX from the lossless PNGs of rasbt/mnist-pngs (MIT, commit d26bd33); the unpacked bytes have the original MD5',
      },
      {
        name: 'train-labels-idx1-ubyte.gz',
        sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
        bytes: 28881,
        shipped: {
          path: 'datasets/mnist/train-labels-idx1-ubyte.gz.gz',
          compression: 'gzip',
          bytes: 28909,
        },
        provenance:
          "GitHub RodrigoTejeida/MillionSongDataSet_DecadePrediction (commit 33d9943): the original distribution's file",
      },
      {
        name: 't10k-images-idx3-ubyte.gz',
        sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
        bytes: 1648877,
        shipped: {
          path: 'datasets/mnist/t10k-images-idx3-ubyte.gz.gz',
          compression: 'gzip',
          bytes: 1649400,
        },
        provenance:
          "GitHub RodrigoTejeida/MillionSongDataSet_DecadePrediction (commit 33d9943): the original distribution's file",
        note: '10,000 × 28 × 28',
      },
      {
        name: 't10k-labels-idx1-ubyte.gz',
        sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
        bytes: 4542,
        shipped: {
          path: 'datasets/mnist/t10k-labels-idx1-ubyte.gz.gz',
          compression: 'gzip',
          bytes: 4565,
        },
        provenance:
          "GitHub RodrigoTejeida/MillionSongDataSet_DecadePrediction (commit 33d9943): the original distribution's file",
      },
    ],
  },
  {
    id: 'cifar-10',
    title: 'CIFAR-10 (binary version)',
    kind: 'cifar10',
    licence: 'No licence stated; cite the tech report',
    authors: 'Alex Krizhevsky, Vinod Nair, Geoffrey Hinton',
    citation:
      'Krizhevsky, A. (2009). Learning Multiple Layers of Features from Tiny Images. Tech. report, Univ. of Toronto.',
    url: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    files: [
      ...range('data_batch_', 1, 5).map((n) => ({ name: `${n}.bin`, bytes: 30730000 })),
      { name: 'test_batch.bin', bytes: 30730000 },
      {
        name: 'cifar-10-binary.tar.gz',
        url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
        bytes: 170052171,
        note: 'The official tarball of the six batches above (50,000 + 10,000 images); too big to ship.',
      },
      {
        name: 'cifar-10-subset-binary.tar.gz',
        sha256: '08220d3a5052303f35f79f1f3c9281d9c66d065460933f0d37402b064eaa5302',
        bytes: 17251926,
        note: "A real subset in the official layout: the first 1,017 records of each batch (5,085 training and 1,017 test images). Not comparable with the book's accuracies.",
        shipped: {
          path: 'datasets/cifar-10/cifar-10-subset-binary.tar.gz.gz',
          compression: 'gzip',
          bytes: 17257209,
        },
        provenance:
          'Records of the official python batches (zhi-fangZhang/idpl_gen, data/cifar-10-batches-py/, commit 0626f9d0), re-laid unchanged in the binary format',
      },
    ],
  },
  {
    id: '20-newsgroups',
    title: '20 Newsgroups (bydate): alt.atheism and soc.religion.christian',
    kind: 'archive',
    licence: 'No formal licence; freely redistributed for research (scikit-learn fetches it)',
    authors: 'Ken Lang (collection); Jason Rennie (the "bydate" version)',
    citation: 'Lang, K. (1995). NewsWeeder: Learning to filter netnews. Proc. ICML 1995, 331–339.',
    url: 'http://qwone.com/~jason/20Newsgroups/',
    files: [
      {
        name: '20news-bydate-atheism-christian.tar.gz',
        sha256: 'b55cd8550c78769d970fa929b32c4147a68b8c9dfddb9bad84b4fc6f9e132553',
        bytes: 1628883,
        note: '1,796 posts with their raw headers: 1,079 train and 717 test, in 20news-bydate-{train,test}/<group>/<number>.',
        shipped: {
          path: 'datasets/20-newsgroups/20news-bydate-atheism-christian.tar.gz.gz',
          compression: 'gzip',
          bytes: 1629356,
        },
        provenance:
          'GitHub julenminer/mlnn_P65, data/20news-bydate-*/ (commit 7393be66), two groups, with the 0xFF byte of 7 posts put back; agrees with spoddutur/spark-ml-dashboard',
      },
    ],
  },
  VGG19,
  VGG19_KERAS,
  STYLE_TRANSFER_IMAGES,
];

export function dataset(id: string): DatasetEntry {
  const found = DATASETS.find((d) => d.id === id);

  if (!found) {
    throw new DataError('wrong-dataset', `no data set "${id}"`, {
      hint: `Known: ${DATASETS.map((d) => d.id).join(', ')}.`,
    });
  }
  return found;
}
