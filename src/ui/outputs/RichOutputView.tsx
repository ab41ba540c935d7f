import { PlotlyFigure } from '@/charts/PlotlyFigure';
import { TrainingChart } from '@/charts/TrainingChart';
import { SaveRunButton } from '@/ui/checkpoints/SaveRunButton';
import { RunsDashboard } from '@/ui/runs/RunsDashboard';
import { assertNever } from '@/utils/assert-never';
import { ControlPanelOutput } from './ControlPanelOutput';
import { DataPreviewOutput } from './DataPreviewOutput';
import { DrawingPadOutput } from './DrawingPadOutput';
import { HttpExchangeOutput } from './HttpExchangeOutput';
import { HistogramsOutput } from './histograms/HistogramsOutput';
import { ImageOutput } from './ImageOutput';
import { MarkdownOutput } from './MarkdownOutput';
import { MetricOutput } from './MetricOutput';
import { ModelSummaryOutput } from './ModelSummaryOutput';
import type { RichOutput } from './mime';
import { PredictPanelOutput } from './PredictPanelOutput';
import { ProgressOutput } from './ProgressOutput';
import { StepDebuggerOutput } from './step-debugger/StepDebuggerOutput';
import { TableOutput } from './TableOutput';
import { TensorOutput } from './TensorOutput';
import { TextOutput } from './TextOutput';
import { UploadOutput } from './UploadOutput';

export interface RichOutputViewProps {
  output: RichOutput;
  onUploadFile?: ((requestId: string, file: File, others?: File[]) => void) | undefined;
  onUploadCancel?: ((requestId: string) => void) | undefined;
}

export function RichOutputView({ output, onUploadFile, onUploadCancel }: RichOutputViewProps) {
  switch (output.kind) {
    case 'training':
      return (
        <>
          <TrainingChart view={output.value} />
          <SaveRunButton view={output.value} />
        </>
      );
    case 'progress':
      return <ProgressOutput progress={output.value} />;
    case 'upload':
      return (
        <UploadOutput
          request={output.value}
          onUploadFile={onUploadFile}
          onUploadCancel={onUploadCancel}
        />
      );
    case 'predictPanel':
      return <PredictPanelOutput view={output.value} />;
    case 'runs':
      return <RunsDashboard view={output.value} />;
    case 'drawingPad':
      return <DrawingPadOutput view={output.value} />;
    case 'histograms':
      return <HistogramsOutput view={output.value} />;
    case 'stepDebugger':
      return <StepDebuggerOutput view={output.value} />;
    case 'controls':
      return <ControlPanelOutput view={output.value} />;
    case 'http':
      return <HttpExchangeOutput exchange={output.value} />;
    case 'dataPreview':
      return <DataPreviewOutput view={output.value} />;
    case 'metric':
      return <MetricOutput metric={output.value} />;
    case 'plotly':
      return <PlotlyFigure figure={output.value} />;
    case 'modelSummary':
      return <ModelSummaryOutput summary={output.value} />;
    case 'table':
      return <TableOutput table={output.value} />;
    case 'tensor':
      return <TensorOutput tensor={output.value} />;
    case 'png':
      return <ImageOutput base64={output.value} />;
    case 'markdown':
      return <MarkdownOutput source={output.value} />;
    case 'text':
      return <TextOutput text={output.value} />;
    default:
      return assertNever(output);
  }
}
