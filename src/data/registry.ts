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
  kind: 'table' | 'idx' | 'cifar10';
  licence: string;
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

export const DATASETS: readonly DatasetEntry[] = [
  {
    id: 'somerville-happiness',
    title: 'Somerville Happiness Survey 2015',
    kind: 'table',
    licence: UCI,
    citation: `Koczkodaj, W. W. (2018). Somerville Happiness Survey. ${DUA}`,
    url: 'https://archive.ics.uci.edu/ml/datasets/Somerville+Happiness+Survey',
    files: [
      {
        name: 'SomervilleHappinessSurvey2015.csv',
        sha256: '1527027fb65dd322a63c298189d800e634fd2e73adc61c0e008be6401bf5e97d',
        bytes: 2167,
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
    citation:
      'Candanedo, L. M., Feldheim, V., Deramaix, D. (2017). Data driven prediction models of energy use of appliances in a low-energy house. Energy and Buildings 140, 81–97.',
    url: 'https://archive.ics.uci.edu/ml/datasets/Appliances+energy+prediction',
    files: [
      {
        name: 'energydata_complete.csv',
        url: 'https://archive.ics.uci.edu/ml/machine-learning-databases/00374/energydata_complete.csv',
        sha256: '2820bf712ad0275cb18b85a05250926100d8e65ebb9f4d2d016ca91ea152a25d',
        bytes: 11979363,
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
    citation:
      'Yeh, I. C., Lien, C. H. (2009). The comparisons of data mining techniques for the predictive accuracy of probability of default of credit card clients. Expert Systems with Applications 36(2), 2473–2480.',
    url: 'https://archive.ics.uci.edu/ml/datasets/default+of+credit+card+clients',
    files: [
      {
        name: 'default of credit card clients.xls',
        url: 'https://archive.ics.uci.edu/ml/machine-learning-databases/00350/default%20of%20credit%20card%20clients.xls',
        sha256: '30c6be3abd8dcfd3e6096c828bad8c2f011238620f5369220bd60cfc82700933',
        bytes: 5539328,
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
    citation: PACKT_BITCOIN,
    url: 'https://github.com/TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras',
    files: [
      {
        name: 'bitcoin_historical_prices.csv',
        sha256: '369548cd09b86d8af12c2283d1bf537f31cc4188361ee0a35d8af20e467945d6',
        bytes: 116292,
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
    citation: PACKT_BITCOIN,
    url: 'https://github.com/TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras',
    files: [
      {
        name: 'train_dataset.csv',
        sha256: 'f6f1c3aef982356cd0f4488b27e575a4b2d48a592fc3ad431d64eb7c9a5d186c',
        bytes: 39932,
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
    citation: PACKT_BITCOIN,
    url: 'https://github.com/TrainingByPackt/Beginning-Application-Development-with-TensorFlow-and-Keras',
    files: [
      {
        name: 'test_dataset.csv',
        sha256: '97a48762a580541470336edb3f17d252251f49fdca5db74cdfb5b5f23f810d06',
        bytes: 10353,
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
    citation:
      'LeCun, Y., Bottou, L., Bengio, Y., Haffner, P. (1998). Gradient-based learning applied to document recognition. Proc. IEEE 86(11).',
    url: 'http://yann.lecun.com/exdb/mnist/',
    files: [
      { name: 'train-images-idx3-ubyte.gz', bytes: 9912422, note: '60,000 × 28 × 28' },
      {
        name: 'train-labels-idx1-ubyte.gz',
        sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
        bytes: 28881,
      },
      {
        name: 't10k-images-idx3-ubyte.gz',
        sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
        bytes: 1648877,
        note: '10,000 × 28 × 28',
      },
      {
        name: 't10k-labels-idx1-ubyte.gz',
        sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
        bytes: 4542,
      },
    ],
  },
  {
    id: 'cifar-10',
    title: 'CIFAR-10 (binary version)',
    kind: 'cifar10',
    licence: 'No licence stated; cite the tech report',
    citation:
      'Krizhevsky, A. (2009). Learning Multiple Layers of Features from Tiny Images. Tech. report, Univ. of Toronto.',
    url: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    files: [
      ...range('data_batch_', 1, 5).map((n) => ({ name: `${n}.bin`, bytes: 30730000 })),
      { name: 'test_batch.bin', bytes: 30730000 },
    ],
  },
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
