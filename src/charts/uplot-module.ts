// The chunk that the live chart loads: uPlot and its stylesheet arrive together.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export default uPlot;
