import { expect, test } from '@playwright/test';
import { appendAndRun, codeCell, openNotebook, restartKernel, waitForCellState } from './helpers';

// Typed into the editor as a person would: one statement per line, since the editor closes
// brackets as they are typed. A two-input softmax with fixed weights: class 1 ("yes") exactly when the first value is positive.
const SIGN_MODEL = `const signModel = tf.sequential({ name: 'sign', layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] });
signModel.layers[0].setWeights([tf.tensor2d([[-5, 5], [0, 0]]), tf.tensor1d([0, 0])]);`;

test.describe('the notebook web API (service worker)', () => {
  test("a cell serves the book's Flask routes: a new tab shows HELLO YOUR_NAME, and POST /prediction answers with the model's class, request and response shown", async ({
    page,
    context,
  }) => {
    await openNotebook(page);
    const serve = await appendAndRun(
      page,
      `${SIGN_MODEL}
api.route('/<name>', (request, params) => '<h1>HELLO ' + String(params.name).toUpperCase() + '</h1>');
const topOf = (rows: number[][]) => tf.tidy(() => (signModel.predict(tf.tensor2d(rows)) as tf.Tensor).argMax(1).dataSync()[0]);
api.route('/prediction', { methods: ['POST'] }, async (request) => ({ status: 'ok', result: topOf((await request.json()).data) }));
await api.run();`,
    );
    await waitForCellState(page, serve, 'done');
    await expect(codeCell(page, serve).getByTestId('output-area')).toContainText('/api/prediction');

    // As the book opens http://127.0.0.1:5000/your_name in a browser.
    const tab = await context.newPage();
    await tab.goto('/api/your_name');
    await expect(tab.locator('h1')).toHaveText('HELLO YOUR_NAME');
    await tab.close();

    const call = await appendAndRun(
      page,
      `const res = await api.fetch('/api/prediction', { json: { data: [[0.7, 0.1]] } });
(await res.json()).result`,
    );
    await waitForCellState(page, call, 'done');
    const exchange = codeCell(page, call).getByTestId('http-exchange');
    await expect(exchange.getByTestId('http-status')).toHaveText('200 OK');
    await expect(exchange.getByTestId('http-request-body')).toContainText('"data"');
    await expect(exchange.getByTestId('http-response-body')).toContainText('"status": "ok"');
    await expect(exchange.getByTestId('http-response-body')).toContainText('"result": 1');
    // The value of the cell, and Flask's request log line.
    await expect(codeCell(page, call).getByTestId('output-area')).toContainText(
      '"POST /api/prediction HTTP/1.1" 200',
    );
    await exchange.screenshot({ path: '/tmp/http-exchange.png' });

    const wrong = await appendAndRun(
      page,
      `(await api.fetch('/api/prediction', { method: 'PUT', json: {} })).headers.get('Allow')`,
    );
    await waitForCellState(page, wrong, 'done');
    await expect(codeCell(page, wrong).getByTestId('http-status')).toHaveText(
      '405 METHOD NOT ALLOWED',
    );
    // GET matches the book's /<name> route too, as it would in Flask.
    await expect(codeCell(page, wrong).getByTestId('output-area')).toContainText('"GET, POST"');

    // After a restart nothing serves: a request gets a 503 that says what to do.
    await restartKernel(page);
    const after = await context.newPage();
    const response = await after.goto('/api/your_name');
    expect(response?.status()).toBe(503);
    await expect(after.locator('body')).toContainText('No open notebook serves GET /api/your_name');
    await after.close();
  });
});

test.describe('predicting with a model', () => {
  test('the predict panel answers typed rows, names a bad line, and reads a CSV whose header is in another order', async ({
    page,
  }) => {
    await openNotebook(page);
    const cell = await appendAndRun(
      page,
      `${SIGN_MODEL}
predict.panel(signModel, { columns: ['a', 'b'], classes: ['no', 'yes'], example: [[1, 0], [-1, 0]] });`,
    );
    await waitForCellState(page, cell, 'done');
    const panel = codeCell(page, cell).getByTestId('predict-panel');
    await expect(panel).toContainText('2 values per row: a, b');
    await panel.getByRole('button', { name: 'Predict' }).click();
    const result = panel.getByTestId('predict-result');
    await expect(result).toContainText('2 rows');
    const classes = result.locator('tbody tr td:nth-child(2)');
    await expect(classes).toHaveText(['yes', 'no']);

    await panel.getByLabel('Rows to predict').fill('0.5, 0\n2');
    await panel.getByRole('button', { name: 'Predict' }).click();
    await expect(panel.getByRole('alert')).toContainText('Line 2 has 1 value; the model takes 2.');

    await panel.getByLabel('Choose a CSV file of rows').setInputFiles({
      name: 'clients.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('target,b,a\n1,0,3\n0,0,-4\n1,0,0.25\n'),
    });
    await expect(result).toContainText(
      "header row matched to the model's 2 columns; ignored: target",
    );
    await expect(classes).toHaveText(['yes', 'no', 'yes']);
    await page.screenshot({ path: '/tmp/predict-panel.png' });
  });

  test('predict(model, rows) shows a table of classes and probabilities and returns them', async ({
    page,
  }) => {
    await openNotebook(page);
    const cell = await appendAndRun(
      page,
      `${SIGN_MODEL}
const p = await predict(signModel, [[2, 0], [-2, 0], [0.1, 5]], { classes: ['no', 'yes'] });
p.classes`,
    );
    await waitForCellState(page, cell, 'done');
    const table = codeCell(page, cell).getByTestId('output-table');
    await expect(table.locator('thead th')).toHaveText(['#', 'class', 'P(no)', 'P(yes)']);
    await expect(table.locator('tbody tr td:nth-child(2)')).toHaveText(['yes', 'no', 'yes']);
    await expect(codeCell(page, cell).getByTestId('output-area')).toContainText('[1, 0, 1]');
  });
});
