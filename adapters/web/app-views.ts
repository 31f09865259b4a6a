/**
 * What the console derives from an application's documents, once per loaded document set: the laid-out
 * dialog graph, the grammar labels and the source text by document.
 */
import type { DialogGraph } from '../../gateway/index';
import { buildChartView, type ChartView } from './chart';
import type { DocumentSets, LoadedApp } from './documents';
import { grammarLabels, type GrammarLabel } from './grammar-labels';
import type { Position } from './turn-view';

export interface AppView {
  entry: string;
  chart: ChartView;
  labels: Map<string, GrammarLabel>;
  /** Document URI → its lines: the only texts the source view serves for this application. */
  sources: Map<string, string[]>;
  skipped: LoadedApp['skipped'];
  /** Phrases a caller could say where the call stands (menu choices, field options, yes/no). */
  suggest(position: Position | undefined): string[];
}

export class AppViews {
  private readonly views = new WeakMap<LoadedApp, AppView>();

  constructor(private readonly documents: DocumentSets) {}

  async get(entry: string): Promise<AppView> {
    const loaded = await this.documents.load(entry);
    let view = this.views.get(loaded);
    if (!view) {
      view = {
        entry: loaded.entry,
        chart: buildChartView(loaded.documents),
        labels: grammarLabels(loaded.documents.map((d) => d.graph)),
        sources: new Map(loaded.documents.map((d) => [d.uri, d.lines])),
        skipped: loaded.skipped,
        suggest: suggester(new Map(loaded.documents.map((d) => [d.uri, d.graph]))),
      };
      this.views.set(loaded, view);
    }
    return view;
  }
}

function suggester(graphs: ReadonlyMap<string, DialogGraph>): AppView['suggest'] {
  return (position) => {
    if (!position) return [];
    const dialog = graphs.get(position.uri)?.dialogs.find((d) => d.id === position.dialog);
    if (!dialog) return [];
    if (dialog.kind === 'menu') return dialog.choices.map((c) => c.text).filter((t) => t.length > 0);
    const item = dialog.items.find((i) => i.name === position.item);
    if (item?.kind !== 'field') return [];
    if (item.options.length > 0) return item.options.map((o) => o.text).filter((t) => t.length > 0);
    return item.type?.split('?')[0] === 'boolean' ? ['yes', 'no'] : [];
  };
}
