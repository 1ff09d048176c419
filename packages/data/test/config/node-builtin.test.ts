// nodeBuiltin is how @seglens/data and @seglens/models reach Node built-ins (one copy, in this package).
import { createHash } from 'node:crypto';
import type * as Crypto from 'node:crypto';
import { errorMessage, nodeBuiltin } from '../../src';

describe('nodeBuiltin', () => {
  it('returns the built-in module itself', () => {
    const crypto = nodeBuiltin<typeof Crypto>('node:crypto', 'sha256');
    expect(crypto.createHash).toBe(createHash);
    expect(crypto.createHash('sha256').update('seglens').digest('hex')).toBe(
      createHash('sha256').update('seglens').digest('hex'),
    );
  });

  it('names the caller, the module and the browser alternative when there is no such built-in', () => {
    expect(() =>
      nodeBuiltin('node:no-such-module', 'loadModelFromDirectory', 'load the model from a URL'),
    ).toThrow(
      'loadModelFromDirectory needs Node.js >= 20.16 (it uses node:no-such-module); in a browser, load the model from a URL',
    );
  });

  it('says only what is missing when the caller has no browser alternative', () => {
    const call = () => nodeBuiltin('node:no-such-module', 'runTorchPeer');
    expect(call).toThrow(/^runTorchPeer needs Node\.js >= 20\.16 \(it uses node:no-such-module\)$/);
  });

  it('fails outside Node (no process.getBuiltinModule) with the same message', () => {
    const saved = process.getBuiltinModule;
    try {
      (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
      expect(() => nodeBuiltin('node:fs/promises', 'readNiftiFile')).toThrow(
        'readNiftiFile needs Node.js >= 20.16 (it uses node:fs/promises)',
      );
    } finally {
      process.getBuiltinModule = saved;
    }
  });
});

describe('errorMessage', () => {
  it('is the message of an Error and the text of anything else thrown', () => {
    expect(errorMessage(new Error('ENOENT: no such file'))).toBe('ENOENT: no such file');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
  });
});
