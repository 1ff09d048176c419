// jsdom's window lacks Node's TextEncoder/TextDecoder, which the NIfTI/PNG readers of @seglens/data and TF.js
// use at import time; the fixtures read real data with them, so give the window Node's own.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
