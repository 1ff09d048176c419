// The model catalogue: shipped models from the viewer's index, models saved in IndexedDB, and which of them
// fit the open series.
export { parseModelIndex, MODEL_INDEX_FORMAT, MODEL_INDEX_VERSION } from './model-index';
export { fitsSeries, MODALITY_ALIASES, MAX_ENLARGEMENT, type Fit } from './fits';
export { defaultSelection } from './selection';
export { savedModelEntries } from './saved';
export { entryFromCard, type CatalogEntry, type ModelInputView } from './entry';
