// Export SEG (a download) and Store (STOW-RS to the data source) of a prediction: the same DICOM SEG bytes,
// written in the worker with the model's provenance (planned by seg-export.ts). Their buttons are in each row
// of Results, so that is where a failure is shown.
import type { ControllerCore } from './core';
import { planPredictionSeg, type SegPlan } from './seg-export';
import { triggerDownload } from './util';

export class ExportStore {
  constructor(private readonly core: ControllerCore) {}

  /** The prediction's DICOM SEG, written with the model's provenance (see seg-export.ts), in the worker. */
  async predictionSeg(predictionKey: string): Promise<SegPlan & { bytes: ArrayBuffer }> {
    const { host, store, results, volumes, cards } = this.core;
    const p = store.get().predictions.find((x) => x.key === predictionKey);
    const result = results.get(predictionKey);
    const entry = store.get().models.find((m) => m.key === p?.modelKey);
    if (!p || !result || !entry) throw new Error(`no prediction ${predictionKey} to write`);
    const ds = host.services.displaySetService.getDisplaySetByUID(result.displaySetUID);
    const source = volumes.get(result.displaySetUID);
    if (!ds || !source) throw new Error(`the series of ${p.modelName}'s prediction is no longer open`);
    const worker = await this.core.ensureWorker();
    let card = cards.get(entry.key);
    if (!card) {
      card = (await worker.loadModel(entry.key)).card;
      cards.set(entry.key, card);
    }
    const plan = await planPredictionSeg(entry, card, source, ds);
    return { ...plan, bytes: await worker.writeSeg(result.labels, plan.source, plan.options) };
  }

  exportSeg(predictionKey: string): void {
    const { host, store, runner } = this.core;
    const p = store.get().predictions.find((x) => x.key === predictionKey);
    if (!p) return;
    void runner.run(
      `Export ${p.modelName}`,
      'results',
      async () => {
        const seg = await this.predictionSeg(predictionKey);
        triggerDownload(new Blob([seg.bytes], { type: 'application/dicom' }), seg.fileName);
        host.notify('success', 'DICOM SEG exported', `${seg.fileName}: ${seg.seriesDescription}`);
      },
      false,
    );
  }

  storeSeg(predictionKey: string): void {
    const { host, store, runner } = this.core;
    const p = store.get().predictions.find((x) => x.key === predictionKey);
    if (!p) return;
    void runner.run(
      `Store ${p.modelName}`,
      'results',
      async () => {
        const source = (host.extensions.getActiveDataSource?.() ?? []).find(
          (s) => s.getConfig?.()?.supportsStow === true && s.store?.dicom,
        );
        if (!source?.store?.dicom) throw new Error('the data source cannot store DICOM (no STOW-RS)');
        const seg = await this.predictionSeg(predictionKey);
        await source.store.dicom(seg.bytes);
        host.notify(
          'success',
          'DICOM SEG stored',
          `Series ${seg.seriesNumber} "${seg.seriesDescription}" is in the study now.`,
        );
      },
      false,
    );
  }
}
