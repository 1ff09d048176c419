"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key2 of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key2) && key2 !== except)
        __defProp(to, key2, { get: () => from[key2], enumerable: !(desc = __getOwnPropDesc(from, key2)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// ../../node_modules/jpeg-lossless-decoder-js/release/cjs/lossless.cjs
var require_lossless = __commonJS({
  "../../node_modules/jpeg-lossless-decoder-js/release/cjs/lossless.cjs"(exports2, module2) {
    "use strict";
    var __defProp2 = Object.defineProperty;
    var __getOwnPropDesc2 = Object.getOwnPropertyDescriptor;
    var __getOwnPropNames2 = Object.getOwnPropertyNames;
    var __hasOwnProp2 = Object.prototype.hasOwnProperty;
    var __export = (target, all) => {
      for (var name in all)
        __defProp2(target, name, { get: all[name], enumerable: true });
    };
    var __copyProps2 = (to, from, except, desc) => {
      if (from && typeof from === "object" || typeof from === "function") {
        for (let key2 of __getOwnPropNames2(from))
          if (!__hasOwnProp2.call(to, key2) && key2 !== except)
            __defProp2(to, key2, { get: () => from[key2], enumerable: !(desc = __getOwnPropDesc2(from, key2)) || desc.enumerable });
      }
      return to;
    };
    var __toCommonJS = (mod) => __copyProps2(__defProp2({}, "__esModule", { value: true }), mod);
    var main_exports = {};
    __export(main_exports, {
      ComponentSpec: () => ComponentSpec,
      DataStream: () => DataStream,
      Decoder: () => Decoder,
      FrameHeader: () => FrameHeader,
      HuffmanTable: () => HuffmanTable,
      QuantizationTable: () => QuantizationTable,
      ScanComponent: () => ScanComponent,
      ScanHeader: () => ScanHeader,
      Utils: () => utils_exports
    });
    module2.exports = __toCommonJS(main_exports);
    var ComponentSpec = {
      hSamp: 0,
      quantTableSel: 0,
      vSamp: 0
    };
    var DataStream = class {
      buffer;
      index;
      constructor(data, offset, length) {
        this.buffer = new Uint8Array(data, offset, length);
        this.index = 0;
      }
      get16() {
        const value = (this.buffer[this.index] << 8) + this.buffer[this.index + 1];
        this.index += 2;
        return value;
      }
      get8() {
        const value = this.buffer[this.index];
        this.index += 1;
        return value;
      }
    };
    var FrameHeader = class {
      dimX = 0;
      dimY = 0;
      numComp = 0;
      precision = 0;
      components = [];
      read(data) {
        let count = 0;
        let temp;
        const length = data.get16();
        count += 2;
        this.precision = data.get8();
        count += 1;
        this.dimY = data.get16();
        count += 2;
        this.dimX = data.get16();
        count += 2;
        this.numComp = data.get8();
        count += 1;
        for (let i2 = 1; i2 <= this.numComp; i2 += 1) {
          if (count > length) {
            throw new Error("ERROR: frame format error");
          }
          const c = data.get8();
          count += 1;
          if (count >= length) {
            throw new Error("ERROR: frame format error [c>=Lf]");
          }
          temp = data.get8();
          count += 1;
          if (!this.components[c]) {
            this.components[c] = { ...ComponentSpec };
          }
          this.components[c].hSamp = temp >> 4;
          this.components[c].vSamp = temp & 15;
          this.components[c].quantTableSel = data.get8();
          count += 1;
        }
        if (count !== length) {
          throw new Error("ERROR: frame format error [Lf!=count]");
        }
        return 1;
      }
    };
    var utils_exports = {};
    __export(utils_exports, {
      crc32: () => crc322,
      crcTable: () => crcTable2,
      createArray: () => createArray,
      makeCRCTable: () => makeCRCTable
    });
    var createArray = (...dimensions) => {
      if (dimensions.length > 1) {
        const dim = dimensions[0];
        const rest = dimensions.slice(1);
        const newArray = [];
        for (let i2 = 0; i2 < dim; i2++) {
          newArray[i2] = createArray(...rest);
        }
        return newArray;
      } else {
        return Array(dimensions[0]).fill(void 0);
      }
    };
    var makeCRCTable = function() {
      let c;
      const crcTable22 = [];
      for (let n = 0; n < 256; n++) {
        c = n;
        for (let k = 0; k < 8; k++) {
          c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
        }
        crcTable22[n] = c;
      }
      return crcTable22;
    };
    var crcTable2 = makeCRCTable();
    var crc322 = function(buffer) {
      const uint8view = new Uint8Array(buffer);
      let crc = 0 ^ -1;
      for (let i2 = 0; i2 < uint8view.length; i2++) {
        crc = crc >>> 8 ^ crcTable2[(crc ^ uint8view[i2]) & 255];
      }
      return (crc ^ -1) >>> 0;
    };
    var HuffmanTable = class _HuffmanTable {
      static MSB = 2147483648;
      l;
      th;
      v;
      tc;
      constructor() {
        this.l = createArray(4, 2, 16);
        this.th = [0, 0, 0, 0];
        this.v = createArray(4, 2, 16, 200);
        this.tc = [
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 0]
        ];
      }
      read(data, HuffTab) {
        let count = 0;
        let temp;
        let t;
        let c;
        let i2;
        let j;
        const length = data.get16();
        count += 2;
        while (count < length) {
          temp = data.get8();
          count += 1;
          t = temp & 15;
          if (t > 3) {
            throw new Error("ERROR: Huffman table ID > 3");
          }
          c = temp >> 4;
          if (c > 2) {
            throw new Error("ERROR: Huffman table [Table class > 2 ]");
          }
          this.th[t] = 1;
          this.tc[t][c] = 1;
          for (i2 = 0; i2 < 16; i2 += 1) {
            this.l[t][c][i2] = data.get8();
            count += 1;
          }
          for (i2 = 0; i2 < 16; i2 += 1) {
            for (j = 0; j < this.l[t][c][i2]; j += 1) {
              if (count > length) {
                throw new Error("ERROR: Huffman table format error [count>Lh]");
              }
              this.v[t][c][i2][j] = data.get8();
              count += 1;
            }
          }
        }
        if (count !== length) {
          throw new Error("ERROR: Huffman table format error [count!=Lf]");
        }
        for (i2 = 0; i2 < 4; i2 += 1) {
          for (j = 0; j < 2; j += 1) {
            if (this.tc[i2][j] !== 0) {
              this.buildHuffTable(HuffTab[i2][j], this.l[i2][j], this.v[i2][j]);
            }
          }
        }
        return 1;
      }
      //	Build_HuffTab()
      //	Parameter:  t       table ID
      //	            c       table class ( 0 for DC, 1 for AC )
      //	            L[i]    # of codewords which length is i
      //	            V[i][j] Huffman Value (length=i)
      //	Effect:
      //	    build up HuffTab[t][c] using L and V.
      buildHuffTable(tab, L, V) {
        let currentTable, k, i2, j, n;
        const temp = 256;
        k = 0;
        for (i2 = 0; i2 < 8; i2 += 1) {
          for (j = 0; j < L[i2]; j += 1) {
            for (n = 0; n < temp >> i2 + 1; n += 1) {
              tab[k] = V[i2][j] | i2 + 1 << 8;
              k += 1;
            }
          }
        }
        for (i2 = 1; k < 256; i2 += 1, k += 1) {
          tab[k] = i2 | _HuffmanTable.MSB;
        }
        currentTable = 1;
        k = 0;
        for (i2 = 8; i2 < 16; i2 += 1) {
          for (j = 0; j < L[i2]; j += 1) {
            for (n = 0; n < temp >> i2 - 7; n += 1) {
              tab[currentTable * 256 + k] = V[i2][j] | i2 + 1 << 8;
              k += 1;
            }
            if (k >= 256) {
              if (k > 256) {
                throw new Error("ERROR: Huffman table error(1)!");
              }
              k = 0;
              currentTable += 1;
            }
          }
        }
      }
    };
    var QuantizationTable = class _QuantizationTable {
      precision = [];
      // Quantization precision 8 or 16
      tq = [0, 0, 0, 0];
      // 1: this table is presented
      quantTables = createArray(4, 64);
      // Tables
      static enhanceQuantizationTable = function(qtab, table) {
        for (let i2 = 0; i2 < 8; i2 += 1) {
          qtab[table[0 * 8 + i2]] *= 90;
          qtab[table[4 * 8 + i2]] *= 90;
          qtab[table[2 * 8 + i2]] *= 118;
          qtab[table[6 * 8 + i2]] *= 49;
          qtab[table[5 * 8 + i2]] *= 71;
          qtab[table[1 * 8 + i2]] *= 126;
          qtab[table[7 * 8 + i2]] *= 25;
          qtab[table[3 * 8 + i2]] *= 106;
        }
        for (let i2 = 0; i2 < 8; i2 += 1) {
          qtab[table[0 + 8 * i2]] *= 90;
          qtab[table[4 + 8 * i2]] *= 90;
          qtab[table[2 + 8 * i2]] *= 118;
          qtab[table[6 + 8 * i2]] *= 49;
          qtab[table[5 + 8 * i2]] *= 71;
          qtab[table[1 + 8 * i2]] *= 126;
          qtab[table[7 + 8 * i2]] *= 25;
          qtab[table[3 + 8 * i2]] *= 106;
        }
        for (let i2 = 0; i2 < 64; i2 += 1) {
          qtab[i2] >>= 6;
        }
      };
      read(data, table) {
        let count = 0;
        let temp;
        let t;
        let i2;
        const length = data.get16();
        count += 2;
        while (count < length) {
          temp = data.get8();
          count += 1;
          t = temp & 15;
          if (t > 3) {
            throw new Error("ERROR: Quantization table ID > 3");
          }
          this.precision[t] = temp >> 4;
          if (this.precision[t] === 0) {
            this.precision[t] = 8;
          } else if (this.precision[t] === 1) {
            this.precision[t] = 16;
          } else {
            throw new Error("ERROR: Quantization table precision error");
          }
          this.tq[t] = 1;
          if (this.precision[t] === 8) {
            for (i2 = 0; i2 < 64; i2 += 1) {
              if (count > length) {
                throw new Error("ERROR: Quantization table format error");
              }
              this.quantTables[t][i2] = data.get8();
              count += 1;
            }
            _QuantizationTable.enhanceQuantizationTable(this.quantTables[t], table);
          } else {
            for (i2 = 0; i2 < 64; i2 += 1) {
              if (count > length) {
                throw new Error("ERROR: Quantization table format error");
              }
              this.quantTables[t][i2] = data.get16();
              count += 2;
            }
            _QuantizationTable.enhanceQuantizationTable(this.quantTables[t], table);
          }
        }
        if (count !== length) {
          throw new Error("ERROR: Quantization table error [count!=Lq]");
        }
        return 1;
      }
    };
    var ScanComponent = {
      acTabSel: 0,
      // AC table selector
      dcTabSel: 0,
      // DC table selector
      scanCompSel: 0
      // Scan component selector
    };
    var ScanHeader = class {
      ah = 0;
      al = 0;
      numComp = 0;
      // Number of components in the scan
      selection = 0;
      // Start of spectral or predictor selection
      spectralEnd = 0;
      // End of spectral selection
      components = [];
      read(data) {
        let count = 0;
        let i2;
        let temp;
        const length = data.get16();
        count += 2;
        this.numComp = data.get8();
        count += 1;
        for (i2 = 0; i2 < this.numComp; i2 += 1) {
          this.components[i2] = { ...ScanComponent };
          if (count > length) {
            throw new Error("ERROR: scan header format error");
          }
          this.components[i2].scanCompSel = data.get8();
          count += 1;
          temp = data.get8();
          count += 1;
          this.components[i2].dcTabSel = temp >> 4;
          this.components[i2].acTabSel = temp & 15;
        }
        this.selection = data.get8();
        count += 1;
        this.spectralEnd = data.get8();
        count += 1;
        temp = data.get8();
        this.ah = temp >> 4;
        this.al = temp & 15;
        count += 1;
        if (count !== length) {
          throw new Error("ERROR: scan header format error [count!=Ns]");
        }
        return 1;
      }
    };
    var littleEndian = (function() {
      const buffer = new ArrayBuffer(2);
      new DataView(buffer).setInt16(
        0,
        256,
        true
        /* littleEndian */
      );
      return new Int16Array(buffer)[0] === 256;
    })();
    var Decoder = class _Decoder {
      static IDCT_P = [
        0,
        5,
        40,
        16,
        45,
        2,
        7,
        42,
        21,
        56,
        8,
        61,
        18,
        47,
        1,
        4,
        41,
        23,
        58,
        13,
        32,
        24,
        37,
        10,
        63,
        17,
        44,
        3,
        6,
        43,
        20,
        57,
        15,
        34,
        29,
        48,
        53,
        26,
        39,
        9,
        60,
        19,
        46,
        22,
        59,
        12,
        33,
        31,
        50,
        55,
        25,
        36,
        11,
        62,
        14,
        35,
        28,
        49,
        52,
        27,
        38,
        30,
        51,
        54
      ];
      static TABLE = [
        0,
        1,
        5,
        6,
        14,
        15,
        27,
        28,
        2,
        4,
        7,
        13,
        16,
        26,
        29,
        42,
        3,
        8,
        12,
        17,
        25,
        30,
        41,
        43,
        9,
        11,
        18,
        24,
        31,
        40,
        44,
        53,
        10,
        19,
        23,
        32,
        39,
        45,
        52,
        54,
        20,
        22,
        33,
        38,
        46,
        51,
        55,
        60,
        21,
        34,
        37,
        47,
        50,
        56,
        59,
        61,
        35,
        36,
        48,
        49,
        57,
        58,
        62,
        63
      ];
      static MAX_HUFFMAN_SUBTREE = 50;
      static MSB = 2147483648;
      static RESTART_MARKER_BEGIN = 65488;
      static RESTART_MARKER_END = 65495;
      buffer = null;
      stream = null;
      frame = new FrameHeader();
      huffTable = new HuffmanTable();
      quantTable = new QuantizationTable();
      scan = new ScanHeader();
      DU = createArray(10, 4, 64);
      // at most 10 data units in a MCU, at most 4 data units in one component
      HuffTab = createArray(4, 2, 50 * 256);
      IDCT_Source = [];
      nBlock = [];
      // number of blocks in the i-th Comp in a scan
      acTab = createArray(10, 1);
      // ac HuffTab for the i-th Comp in a scan
      dcTab = createArray(10, 1);
      // dc HuffTab for the i-th Comp in a scan
      qTab = createArray(10, 1);
      // quantization table for the i-th Comp in a scan
      marker = 0;
      markerIndex = 0;
      numComp = 0;
      restartInterval = 0;
      selection = 0;
      xDim = 0;
      yDim = 0;
      xLoc = 0;
      yLoc = 0;
      outputData = null;
      restarting = false;
      mask = 0;
      numBytes = 0;
      precision = void 0;
      components = [];
      getter = null;
      setter = null;
      output = null;
      selector = null;
      /**
       * The Decoder constructor.
       * @property {number} numBytes - number of bytes per component
       * @type {Function}
       */
      constructor(buffer, numBytes) {
        this.buffer = buffer ?? null;
        this.numBytes = numBytes ?? 0;
      }
      /**
       * Returns decompressed data.
       */
      decompress(buffer, offset, length) {
        const result = this.decode(buffer, offset, length);
        return result.buffer;
      }
      decode(buffer, offset, length, numBytes) {
        let scanNum = 0;
        const pred = [];
        let i2;
        let compN;
        const temp = [];
        const index = [];
        let mcuNum;
        if (buffer) {
          this.buffer = buffer;
        }
        if (numBytes !== void 0) {
          this.numBytes = numBytes;
        }
        this.stream = new DataStream(this.buffer, offset, length);
        this.buffer = null;
        this.xLoc = 0;
        this.yLoc = 0;
        let current = this.stream.get16();
        if (current !== 65496) {
          throw new Error("Not a JPEG file");
        }
        current = this.stream.get16();
        while (current >> 4 !== 4092 || current === 65476) {
          switch (current) {
            case 65476:
              this.huffTable.read(this.stream, this.HuffTab);
              break;
            case 65484:
              throw new Error("Program doesn't support arithmetic coding. (format throw new IOException)");
            case 65499:
              this.quantTable.read(this.stream, _Decoder.TABLE);
              break;
            case 65501:
              this.restartInterval = this.readNumber() ?? 0;
              break;
            case 65504:
            case 65505:
            case 65506:
            case 65507:
            case 65508:
            case 65509:
            case 65510:
            case 65511:
            case 65512:
            case 65513:
            case 65514:
            case 65515:
            case 65516:
            case 65517:
            case 65518:
            case 65519:
              this.readApp();
              break;
            case 65534:
              this.readComment();
              break;
            default:
              if (current >> 8 !== 255) {
                throw new Error("ERROR: format throw new IOException! (decode)");
              }
          }
          current = this.stream.get16();
        }
        if (current < 65472 || current > 65479) {
          throw new Error("ERROR: could not handle arithmetic code!");
        }
        this.frame.read(this.stream);
        current = this.stream.get16();
        do {
          while (current !== 65498) {
            switch (current) {
              case 65476:
                this.huffTable.read(this.stream, this.HuffTab);
                break;
              case 65484:
                throw new Error("Program doesn't support arithmetic coding. (format throw new IOException)");
              case 65499:
                this.quantTable.read(this.stream, _Decoder.TABLE);
                break;
              case 65501:
                this.restartInterval = this.readNumber() ?? 0;
                break;
              case 65504:
              case 65505:
              case 65506:
              case 65507:
              case 65508:
              case 65509:
              case 65510:
              case 65511:
              case 65512:
              case 65513:
              case 65514:
              case 65515:
              case 65516:
              case 65517:
              case 65518:
              case 65519:
                this.readApp();
                break;
              case 65534:
                this.readComment();
                break;
              default:
                if (current >> 8 !== 255) {
                  throw new Error("ERROR: format throw new IOException! (Parser.decode)");
                }
            }
            current = this.stream.get16();
          }
          this.precision = this.frame.precision;
          this.components = this.frame.components;
          if (!this.numBytes) {
            this.numBytes = Math.round(Math.ceil(this.precision / 8));
          }
          if (this.numBytes === 1) {
            this.mask = 255;
          } else {
            this.mask = 65535;
          }
          this.scan.read(this.stream);
          this.numComp = this.scan.numComp;
          this.selection = this.scan.selection;
          if (this.numBytes === 1) {
            if (this.numComp === 3) {
              this.getter = this.getValueRGB;
              this.setter = this.setValueRGB;
              this.output = this.outputRGB;
            } else {
              this.getter = this.getValue8;
              this.setter = this.setValue8;
              this.output = this.outputSingle;
            }
          } else {
            this.getter = this.getValue8;
            this.setter = this.setValue8;
            this.output = this.outputSingle;
          }
          switch (this.selection) {
            case 2:
              this.selector = this.select2;
              break;
            case 3:
              this.selector = this.select3;
              break;
            case 4:
              this.selector = this.select4;
              break;
            case 5:
              this.selector = this.select5;
              break;
            case 6:
              this.selector = this.select6;
              break;
            case 7:
              this.selector = this.select7;
              break;
            default:
              this.selector = this.select1;
              break;
          }
          for (i2 = 0; i2 < this.numComp; i2 += 1) {
            compN = this.scan.components[i2].scanCompSel;
            this.qTab[i2] = this.quantTable.quantTables[this.components[compN].quantTableSel];
            this.nBlock[i2] = this.components[compN].vSamp * this.components[compN].hSamp;
            this.dcTab[i2] = this.HuffTab[this.scan.components[i2].dcTabSel][0];
            this.acTab[i2] = this.HuffTab[this.scan.components[i2].acTabSel][1];
          }
          this.xDim = this.frame.dimX;
          this.yDim = this.frame.dimY;
          if (this.numBytes === 1) {
            this.outputData = new Uint8Array(new ArrayBuffer(this.xDim * this.yDim * this.numBytes * this.numComp));
          } else {
            this.outputData = new Uint16Array(new ArrayBuffer(this.xDim * this.yDim * this.numBytes * this.numComp));
          }
          scanNum += 1;
          while (true) {
            temp[0] = 0;
            index[0] = 0;
            for (i2 = 0; i2 < 10; i2 += 1) {
              pred[i2] = 1 << this.precision - 1;
            }
            if (this.restartInterval === 0) {
              current = this.decodeUnit(pred, temp, index);
              while (current === 0 && this.xLoc < this.xDim && this.yLoc < this.yDim) {
                this.output(pred);
                current = this.decodeUnit(pred, temp, index);
              }
              break;
            }
            for (mcuNum = 0; mcuNum < this.restartInterval; mcuNum += 1) {
              this.restarting = mcuNum === 0;
              current = this.decodeUnit(pred, temp, index);
              this.output(pred);
              if (current !== 0) {
                break;
              }
            }
            if (current === 0) {
              if (this.markerIndex !== 0) {
                current = 65280 | this.marker;
                this.markerIndex = 0;
              } else {
                current = this.stream.get16();
              }
            }
            if (!(current >= _Decoder.RESTART_MARKER_BEGIN && current <= _Decoder.RESTART_MARKER_END)) {
              break;
            }
          }
          if (current === 65500 && scanNum === 1) {
            this.readNumber();
            current = this.stream.get16();
          }
        } while (current !== 65497 && this.xLoc < this.xDim && this.yLoc < this.yDim && scanNum === 0);
        return this.outputData;
      }
      decodeUnit(prev, temp, index) {
        if (this.numComp === 1) {
          return this.decodeSingle(prev, temp, index);
        } else if (this.numComp === 3) {
          return this.decodeRGB(prev, temp, index);
        } else {
          return -1;
        }
      }
      select1(compOffset) {
        return this.getPreviousX(compOffset);
      }
      select2(compOffset) {
        return this.getPreviousY(compOffset);
      }
      select3(compOffset) {
        return this.getPreviousXY(compOffset);
      }
      select4(compOffset) {
        return this.getPreviousX(compOffset) + this.getPreviousY(compOffset) - this.getPreviousXY(compOffset);
      }
      select5(compOffset) {
        return this.getPreviousX(compOffset) + (this.getPreviousY(compOffset) - this.getPreviousXY(compOffset) >> 1);
      }
      select6(compOffset) {
        return this.getPreviousY(compOffset) + (this.getPreviousX(compOffset) - this.getPreviousXY(compOffset) >> 1);
      }
      select7(compOffset) {
        return (this.getPreviousX(compOffset) + this.getPreviousY(compOffset)) / 2;
      }
      decodeRGB(prev, temp, index) {
        if (this.selector === null)
          throw new Error("decode hasn't run yet");
        let actab, dctab, qtab, ctrC, i2, k, j;
        prev[0] = this.selector(0);
        prev[1] = this.selector(1);
        prev[2] = this.selector(2);
        for (ctrC = 0; ctrC < this.numComp; ctrC += 1) {
          qtab = this.qTab[ctrC];
          actab = this.acTab[ctrC];
          dctab = this.dcTab[ctrC];
          for (i2 = 0; i2 < this.nBlock[ctrC]; i2 += 1) {
            for (k = 0; k < this.IDCT_Source.length; k += 1) {
              this.IDCT_Source[k] = 0;
            }
            let value = this.getHuffmanValue(dctab, temp, index);
            if (value >= 65280) {
              return value;
            }
            prev[ctrC] = this.IDCT_Source[0] = prev[ctrC] + this.getn(index, value, temp, index);
            this.IDCT_Source[0] *= qtab[0];
            for (j = 1; j < 64; j += 1) {
              value = this.getHuffmanValue(actab, temp, index);
              if (value >= 65280) {
                return value;
              }
              j += value >> 4;
              if ((value & 15) === 0) {
                if (value >> 4 === 0) {
                  break;
                }
              } else {
                this.IDCT_Source[_Decoder.IDCT_P[j]] = this.getn(index, value & 15, temp, index) * qtab[j];
              }
            }
          }
        }
        return 0;
      }
      decodeSingle(prev, temp, index) {
        if (this.selector === null)
          throw new Error("decode hasn't run yet");
        let value, i2, n, nRestart;
        if (this.restarting) {
          this.restarting = false;
          prev[0] = 1 << this.frame.precision - 1;
        } else {
          prev[0] = this.selector();
        }
        for (i2 = 0; i2 < this.nBlock[0]; i2 += 1) {
          value = this.getHuffmanValue(this.dcTab[0], temp, index);
          if (value >= 65280) {
            return value;
          }
          n = this.getn(prev, value, temp, index);
          nRestart = n >> 8;
          if (nRestart >= _Decoder.RESTART_MARKER_BEGIN && nRestart <= _Decoder.RESTART_MARKER_END) {
            return nRestart;
          }
          prev[0] += n;
        }
        return 0;
      }
      //	Huffman table for fast search: (HuffTab) 8-bit Look up table 2-layer search architecture, 1st-layer represent 256 node (8 bits) if codeword-length > 8
      //	bits, then the entry of 1st-layer = (# of 2nd-layer table) | MSB and it is stored in the 2nd-layer Size of tables in each layer are 256.
      //	HuffTab[*][*][0-256] is always the only 1st-layer table.
      //
      //	An entry can be: (1) (# of 2nd-layer table) | MSB , for code length > 8 in 1st-layer (2) (Code length) << 8 | HuffVal
      //
      //	HuffmanValue(table   HuffTab[x][y] (ex) HuffmanValue(HuffTab[1][0],...)
      //	                ):
      //	    return: Huffman Value of table
      //	            0xFF?? if it receives a MARKER
      //	    Parameter:  table   HuffTab[x][y] (ex) HuffmanValue(HuffTab[1][0],...)
      //	                temp    temp storage for remainded bits
      //	                index   index to bit of temp
      //	                in      FILE pointer
      //	    Effect:
      //	        temp  store new remainded bits
      //	        index change to new index
      //	        in    change to new position
      //	    NOTE:
      //	      Initial by   temp=0; index=0;
      //	    NOTE: (explain temp and index)
      //	      temp: is always in the form at calling time or returning time
      //	       |  byte 4  |  byte 3  |  byte 2  |  byte 1  |
      //	       |     0    |     0    | 00000000 | 00000??? |  if not a MARKER
      //	                                               ^index=3 (from 0 to 15)
      //	                                               321
      //	    NOTE (marker and marker_index):
      //	      If get a MARKER from 'in', marker=the low-byte of the MARKER
      //	        and marker_index=9
      //	      If marker_index=9 then index is always > 8, or HuffmanValue()
      //	        will not be called
      getHuffmanValue(table, temp, index) {
        let code, input2;
        const mask = 65535;
        if (!this.stream)
          throw new Error("stream not initialized");
        if (index[0] < 8) {
          temp[0] <<= 8;
          input2 = this.stream.get8();
          if (input2 === 255) {
            this.marker = this.stream.get8();
            if (this.marker !== 0) {
              this.markerIndex = 9;
            }
          }
          temp[0] |= input2;
        } else {
          index[0] -= 8;
        }
        code = table[temp[0] >> index[0]];
        if ((code & _Decoder.MSB) !== 0) {
          if (this.markerIndex !== 0) {
            this.markerIndex = 0;
            return 65280 | this.marker;
          }
          temp[0] &= mask >> 16 - index[0];
          temp[0] <<= 8;
          input2 = this.stream.get8();
          if (input2 === 255) {
            this.marker = this.stream.get8();
            if (this.marker !== 0) {
              this.markerIndex = 9;
            }
          }
          temp[0] |= input2;
          code = table[(code & 255) * 256 + (temp[0] >> index[0])];
          index[0] += 8;
        }
        index[0] += 8 - (code >> 8);
        if (index[0] < 0) {
          throw new Error("index=" + index[0] + " temp=" + temp[0] + " code=" + code + " in HuffmanValue()");
        }
        if (index[0] < this.markerIndex) {
          this.markerIndex = 0;
          return 65280 | this.marker;
        }
        temp[0] &= mask >> 16 - index[0];
        return code & 255;
      }
      getn(PRED, n, temp, index) {
        let result, input2;
        const one = 1;
        const n_one = -1;
        const mask = 65535;
        if (this.stream === null)
          throw new Error("stream not initialized");
        if (n === 0) {
          return 0;
        }
        if (n === 16) {
          if (PRED[0] >= 0) {
            return -32768;
          } else {
            return 32768;
          }
        }
        index[0] -= n;
        if (index[0] >= 0) {
          if (index[0] < this.markerIndex && !this.isLastPixel()) {
            this.markerIndex = 0;
            return (65280 | this.marker) << 8;
          }
          result = temp[0] >> index[0];
          temp[0] &= mask >> 16 - index[0];
        } else {
          temp[0] <<= 8;
          input2 = this.stream.get8();
          if (input2 === 255) {
            this.marker = this.stream.get8();
            if (this.marker !== 0) {
              this.markerIndex = 9;
            }
          }
          temp[0] |= input2;
          index[0] += 8;
          if (index[0] < 0) {
            if (this.markerIndex !== 0) {
              this.markerIndex = 0;
              return (65280 | this.marker) << 8;
            }
            temp[0] <<= 8;
            input2 = this.stream.get8();
            if (input2 === 255) {
              this.marker = this.stream.get8();
              if (this.marker !== 0) {
                this.markerIndex = 9;
              }
            }
            temp[0] |= input2;
            index[0] += 8;
          }
          if (index[0] < 0) {
            throw new Error("index=" + index[0] + " in getn()");
          }
          if (index[0] < this.markerIndex) {
            this.markerIndex = 0;
            return (65280 | this.marker) << 8;
          }
          result = temp[0] >> index[0];
          temp[0] &= mask >> 16 - index[0];
        }
        if (result < one << n - 1) {
          result += (n_one << n) + 1;
        }
        return result;
      }
      getPreviousX(compOffset = 0) {
        if (this.getter === null)
          throw new Error("decode hasn't run yet");
        if (this.xLoc > 0) {
          return this.getter(this.yLoc * this.xDim + this.xLoc - 1, compOffset);
        } else if (this.yLoc > 0) {
          return this.getPreviousY(compOffset);
        } else {
          return 1 << this.frame.precision - 1;
        }
      }
      getPreviousXY(compOffset = 0) {
        if (this.getter === null)
          throw new Error("decode hasn't run yet");
        if (this.xLoc > 0 && this.yLoc > 0) {
          return this.getter((this.yLoc - 1) * this.xDim + this.xLoc - 1, compOffset);
        } else {
          return this.getPreviousY(compOffset);
        }
      }
      getPreviousY(compOffset = 0) {
        if (this.getter === null)
          throw new Error("decode hasn't run yet");
        if (this.yLoc > 0) {
          return this.getter((this.yLoc - 1) * this.xDim + this.xLoc, compOffset);
        } else {
          return this.getPreviousX(compOffset);
        }
      }
      isLastPixel() {
        return this.xLoc === this.xDim - 1 && this.yLoc === this.yDim - 1;
      }
      outputSingle(PRED) {
        if (this.setter === null)
          throw new Error("decode hasn't run yet");
        if (this.xLoc < this.xDim && this.yLoc < this.yDim) {
          this.setter(this.yLoc * this.xDim + this.xLoc, this.mask & PRED[0]);
          this.xLoc += 1;
          if (this.xLoc >= this.xDim) {
            this.yLoc += 1;
            this.xLoc = 0;
          }
        }
      }
      outputRGB(PRED) {
        if (this.setter === null)
          throw new Error("decode hasn't run yet");
        const offset = this.yLoc * this.xDim + this.xLoc;
        if (this.xLoc < this.xDim && this.yLoc < this.yDim) {
          this.setter(offset, PRED[0], 0);
          this.setter(offset, PRED[1], 1);
          this.setter(offset, PRED[2], 2);
          this.xLoc += 1;
          if (this.xLoc >= this.xDim) {
            this.yLoc += 1;
            this.xLoc = 0;
          }
        }
      }
      setValue8(index, val) {
        if (!this.outputData)
          throw new Error("output data not ready");
        if (littleEndian) {
          this.outputData[index] = val;
        } else {
          this.outputData[index] = (val & 255) << 8 | val >> 8 & 255;
        }
      }
      getValue8(index) {
        if (this.outputData === null)
          throw new Error("output data not ready");
        if (littleEndian) {
          return this.outputData[index];
        } else {
          const val = this.outputData[index];
          return (val & 255) << 8 | val >> 8 & 255;
        }
      }
      setValueRGB(index, val, compOffset = 0) {
        if (this.outputData === null)
          return;
        this.outputData[index * 3 + compOffset] = val;
      }
      getValueRGB(index, compOffset) {
        if (this.outputData === null)
          throw new Error("output data not ready");
        return this.outputData[index * 3 + compOffset];
      }
      readApp() {
        if (this.stream === null)
          return null;
        let count = 0;
        const length = this.stream.get16();
        count += 2;
        while (count < length) {
          this.stream.get8();
          count += 1;
        }
        return length;
      }
      readComment() {
        if (this.stream === null)
          return null;
        let sb = "";
        let count = 0;
        const length = this.stream.get16();
        count += 2;
        while (count < length) {
          sb += this.stream.get8();
          count += 1;
        }
        return sb;
      }
      readNumber() {
        if (this.stream === null)
          return null;
        const Ld = this.stream.get16();
        if (Ld !== 4) {
          throw new Error("ERROR: Define number format throw new IOException [Ld!=4]");
        }
        return this.stream.get16();
      }
    };
  }
});

// ../../node_modules/dicom-parser/dist/dicomParser.min.js
var require_dicomParser_min = __commonJS({
  "../../node_modules/dicom-parser/dist/dicomParser.min.js"(exports2, module2) {
    !(function(e, t) {
      "object" == typeof exports2 && "object" == typeof module2 ? module2.exports = t(require("zlib")) : "function" == typeof define && define.amd ? define("dicom-parser", ["zlib"], t) : "object" == typeof exports2 ? exports2["dicom-parser"] = t(require("zlib")) : e.dicomParser = t(e.zlib);
    })(exports2, function(r) {
      return a = [function(e, t) {
        e.exports = r;
      }, function(e, t, s) {
        "use strict";
        s.r(t), s.d(t, "isStringVr", function() {
          return d;
        }), s.d(t, "isPrivateTag", function() {
          return f;
        }), s.d(t, "parsePN", function() {
          return a2;
        }), s.d(t, "parseTM", function() {
          return n2;
        }), s.d(t, "parseDA", function() {
          return o;
        }), s.d(t, "explicitElementToString", function() {
          return l;
        }), s.d(t, "explicitDataSetToJS", function() {
          return u;
        }), s.d(t, "createJPEGBasicOffsetTable", function() {
          return p;
        }), s.d(t, "parseDicomDataSetExplicit", function() {
          return q;
        }), s.d(t, "parseDicomDataSetImplicit", function() {
          return T;
        }), s.d(t, "readFixedString", function() {
          return b;
        }), s.d(t, "alloc", function() {
          return k;
        }), s.d(t, "version", function() {
          return L;
        }), s.d(t, "bigEndianByteArrayParser", function() {
          return N;
        }), s.d(t, "ByteStream", function() {
          return J;
        }), s.d(t, "sharedCopy", function() {
          return j;
        }), s.d(t, "DataSet", function() {
          return w;
        }), s.d(t, "findAndSetUNElementLength", function() {
          return y;
        }), s.d(t, "findEndOfEncapsulatedElement", function() {
          return g;
        }), s.d(t, "findItemDelimitationItemAndSetElementLength", function() {
          return x2;
        }), s.d(t, "littleEndianByteArrayParser", function() {
          return M;
        }), s.d(t, "parseDicom", function() {
          return V;
        }), s.d(t, "readDicomElementExplicit", function() {
          return B;
        }), s.d(t, "readDicomElementImplicit", function() {
          return A;
        }), s.d(t, "readEncapsulatedImageFrame", function() {
          return W;
        }), s.d(t, "readEncapsulatedPixelData", function() {
          return K;
        }), s.d(t, "readEncapsulatedPixelDataFromFragments", function() {
          return _;
        }), s.d(t, "readPart10Header", function() {
          return G;
        }), s.d(t, "readSequenceItemsExplicit", function() {
          return I;
        }), s.d(t, "readSequenceItemsImplicit", function() {
          return F;
        }), s.d(t, "readSequenceItem", function() {
          return S;
        }), s.d(t, "readTag", function() {
          return h;
        });
        var r2 = { AE: true, AS: true, AT: false, CS: true, DA: true, DS: true, DT: true, FL: false, FD: false, IS: true, LO: true, LT: true, OB: false, OD: false, OF: false, OW: false, PN: true, SH: true, SL: false, SQ: false, SS: false, ST: true, TM: true, UI: true, UL: false, UN: void 0, UR: true, US: false, UT: true }, d = function(e2) {
          return r2[e2];
        }, f = function(e2) {
          e2 = parseInt(e2[4], 16);
          if (isNaN(e2)) throw "dicomParser.isPrivateTag: cannot parse last character of group";
          return e2 % 2 == 1;
        }, a2 = function(e2) {
          if (void 0 !== e2) {
            e2 = e2.split("^");
            return { familyName: e2[0], givenName: e2[1], middleName: e2[2], prefix: e2[3], suffix: e2[4] };
          }
        };
        function n2(e2, t2) {
          if (2 <= e2.length) {
            var r3 = parseInt(e2.substring(0, 2), 10), a3 = 4 <= e2.length ? parseInt(e2.substring(2, 4), 10) : void 0, n3 = 6 <= e2.length ? parseInt(e2.substring(4, 6), 10) : void 0, i4 = 8 <= e2.length ? e2.substring(7, 13) : void 0, i4 = i4 ? parseInt(i4, 10) * Math.pow(10, 6 - i4.length) : void 0;
            if (t2 && (isNaN(r3) || void 0 !== a3 && isNaN(a3) || void 0 !== n3 && isNaN(n3) || void 0 !== i4 && isNaN(i4) || r3 < 0 || 23 < r3 || a3 && (a3 < 0 || 59 < a3) || n3 && (n3 < 0 || 59 < n3) || i4 && (i4 < 0 || 999999 < i4))) throw "invalid TM '".concat(e2, "'");
            return { hours: r3, minutes: a3, seconds: n3, fractionalSeconds: i4 };
          }
          if (t2) throw "invalid TM '".concat(e2, "'");
        }
        function i3(e2, t2, r3) {
          return !isNaN(r3) && (0 < t2 && t2 <= 12 && 0 < e2 && e2 <= (function(e3, t3) {
            switch (e3) {
              case 2:
                return t3 % 4 == 0 && t3 % 100 || t3 % 400 == 0 ? 29 : 28;
              case 9:
              case 4:
              case 6:
              case 11:
                return 30;
              default:
                return 31;
            }
          })(t2, r3));
        }
        function o(e2, t2) {
          if (e2 && 8 === e2.length) {
            var r3 = parseInt(e2.substring(0, 4), 10), a3 = parseInt(e2.substring(4, 6), 10), n3 = parseInt(e2.substring(6, 8), 10);
            if (t2 && true !== i3(n3, a3, r3)) throw "invalid DA '".concat(e2, "'");
            return { year: r3, month: a3, day: n3 };
          }
          if (t2) throw "invalid DA '".concat(e2, "'");
        }
        function l(n3, e2) {
          if (void 0 === n3 || void 0 === e2) throw "dicomParser.explicitElementToString: missing required parameters";
          if (void 0 === e2.vr) throw "dicomParser.explicitElementToString: cannot convert implicit element to string";
          var t2, r3 = e2.vr, i4 = e2.tag;
          function a3(e3, t3) {
            for (var r4 = "", a4 = 0; a4 < e3; a4++) 0 !== a4 && (r4 += "/"), r4 += t3.call(n3, i4, a4).toString();
            return r4;
          }
          if (true === d(r3)) t2 = n3.string(i4);
          else {
            if ("AT" === r3) {
              var o2 = n3.uint32(i4);
              return void 0 === o2 ? void 0 : "x".concat((o2 = o2 < 0 ? 4294967295 + o2 + 1 : o2).toString(16).toUpperCase());
            }
            "US" === r3 ? t2 = a3(e2.length / 2, n3.uint16) : "SS" === r3 ? t2 = a3(e2.length / 2, n3.int16) : "UL" === r3 ? t2 = a3(e2.length / 4, n3.uint32) : "SL" === r3 ? t2 = a3(e2.length / 4, n3.int32) : "FD" === r3 ? t2 = a3(e2.length / 8, n3.double) : "FL" === r3 && (t2 = a3(e2.length / 4, n3.float));
          }
          return t2;
        }
        function u(e2, t2) {
          if (void 0 === e2) throw "dicomParser.explicitDataSetToJS: missing required parameter dataSet";
          t2 = t2 || { omitPrivateAttibutes: true, maxElementLength: 128 };
          var r3, a3 = {};
          for (r3 in e2.elements) {
            var n3 = e2.elements[r3];
            if (true !== t2.omitPrivateAttibutes || !f(r3)) if (n3.items) {
              for (var i4 = [], o2 = 0; o2 < n3.items.length; o2++) i4.push(u(n3.items[o2].dataSet, t2));
              a3[r3] = i4;
            } else {
              var s2 = void 0;
              n3.length < t2.maxElementLength && (s2 = l(e2, n3)), a3[r3] = void 0 !== s2 ? s2 : { dataOffset: n3.dataOffset, length: n3.length };
            }
          }
          return a3;
        }
        function c(e2, t2) {
          return 255 === e2.byteArray[t2] && 217 === e2.byteArray[t2 + 1];
        }
        function m(e2, t2, r3) {
          for (var a3, n3, i4 = r3; i4 < t2.fragments.length; i4++) if (a3 = e2, n3 = i4, n3 = t2.fragments[n3], !(!c(a3, n3.position + n3.length - 2) && !c(a3, n3.position + n3.length - 3))) return i4;
        }
        function p(e2, t2, r3) {
          if (void 0 === e2) throw "dicomParser.createJPEGBasicOffsetTable: missing required parameter dataSet";
          if (void 0 === t2) throw "dicomParser.createJPEGBasicOffsetTable: missing required parameter pixelDataElement";
          if ("x7fe00010" !== t2.tag) throw "dicomParser.createJPEGBasicOffsetTable: parameter 'pixelDataElement' refers to non pixel data tag (expected tag = x7fe00010'";
          if (true !== t2.encapsulatedPixelData) throw "dicomParser.createJPEGBasicOffsetTable: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (true !== t2.hadUndefinedLength) throw "dicomParser.createJPEGBasicOffsetTable: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (void 0 === t2.basicOffsetTable) throw "dicomParser.createJPEGBasicOffsetTable: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (void 0 === t2.fragments) throw "dicomParser.createJPEGBasicOffsetTable: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (t2.fragments.length <= 0) throw "dicomParser.createJPEGBasicOffsetTable: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (r3 && r3.length <= 0) throw "dicomParser.createJPEGBasicOffsetTable: parameter 'fragments' must not be zero length";
          r3 = r3 || t2.fragments;
          for (var a3 = [], n3 = 0; ; ) {
            a3.push(t2.fragments[n3].offset);
            var i4 = m(e2, t2, n3);
            if (void 0 === i4 || i4 === t2.fragments.length - 1) return a3;
            n3 = i4 + 1;
          }
        }
        function h(e2) {
          if (void 0 === e2) throw "dicomParser.readTag: missing required parameter 'byteStream'";
          var t2 = 256 * e2.readUint16() * 256, e2 = e2.readUint16();
          return "x".concat("00000000".concat((t2 + e2).toString(16)).substr(-8));
        }
        function g(e2, t2, r3) {
          if (void 0 === e2) throw "dicomParser.findEndOfEncapsulatedElement: missing required parameter 'byteStream'";
          if (void 0 === t2) throw "dicomParser.findEndOfEncapsulatedElement: missing required parameter 'element'";
          if (t2.encapsulatedPixelData = true, t2.basicOffsetTable = [], t2.fragments = [], "xfffee000" !== h(e2)) throw "dicomParser.findEndOfEncapsulatedElement: basic offset table not found";
          for (var a3 = e2.readUint32() / 4, n3 = 0; n3 < a3; n3++) {
            var i4 = e2.readUint32();
            t2.basicOffsetTable.push(i4);
          }
          for (var o2 = e2.position; e2.position < e2.byteArray.length; ) {
            var s2 = h(e2), d2 = e2.readUint32();
            if ("xfffee0dd" === s2) return e2.seek(d2), void (t2.length = e2.position - t2.dataOffset);
            if ("xfffee000" !== s2) return r3 && r3.push("unexpected tag ".concat(s2, " while searching for end of pixel data element with undefined length")), d2 > e2.byteArray.length - e2.position && (d2 = e2.byteArray.length - e2.position), t2.fragments.push({ offset: e2.position - o2 - 8, position: e2.position, length: d2 }), e2.seek(d2), void (t2.length = e2.position - t2.dataOffset);
            t2.fragments.push({ offset: e2.position - o2 - 8, position: e2.position, length: d2 }), e2.seek(d2);
          }
          r3 && r3.push("pixel data element ".concat(t2.tag, " missing sequence delimiter tag xfffee0dd"));
        }
        function y(e2, t2) {
          if (void 0 === e2) throw "dicomParser.findAndSetUNElementLength: missing required parameter 'byteStream'";
          for (var r3 = e2.byteArray.length - 8; e2.position <= r3; ) if (65534 === e2.readUint16()) {
            var a3 = e2.readUint16();
            if (57565 === a3) return 0 !== e2.readUint32() && e2.warnings("encountered non zero length following item delimiter at position ".concat(e2.position - 4, " while reading element of undefined length with tag ").concat(t2.tag)), void (t2.length = e2.position - t2.dataOffset);
          }
          t2.length = e2.byteArray.length - t2.dataOffset, e2.seek(e2.byteArray.length - e2.position);
        }
        function b(e2, t2, r3) {
          if (r3 < 0) throw "dicomParser.readFixedString - length cannot be less than 0";
          if (t2 + r3 > e2.length) throw "dicomParser.readFixedString: attempt to read past end of buffer";
          for (var a3, n3 = "", i4 = 0; i4 < r3; i4++) {
            if (0 === (a3 = e2[t2 + i4])) return t2 += r3, n3;
            n3 += String.fromCharCode(a3);
          }
          return n3;
        }
        function v(e2, t2) {
          for (var r3 = 0; r3 < t2.length; r3++) {
            var a3 = t2[r3];
            a3.enumerable = a3.enumerable || false, a3.configurable = true, "value" in a3 && (a3.writable = true), Object.defineProperty(e2, a3.key, a3);
          }
        }
        function P(e2, t2) {
          return void 0 !== e2.parser ? e2.parser : t2;
        }
        var w = (function() {
          function a3(e3, t3, r4) {
            !(function(e4, t4) {
              if (!(e4 instanceof t4)) throw new TypeError("Cannot call a class as a function");
            })(this, a3), this.byteArrayParser = e3, this.byteArray = t3, this.elements = r4;
          }
          var e2, t2, r3;
          return e2 = a3, (t2 = [{ key: "uint16", value: function(e3, t3) {
            e3 = this.elements[e3];
            if (t3 = void 0 !== t3 ? t3 : 0, e3 && 0 !== e3.length) return P(e3, this.byteArrayParser).readUint16(this.byteArray, e3.dataOffset + 2 * t3);
          } }, { key: "int16", value: function(e3, t3) {
            e3 = this.elements[e3];
            if (t3 = void 0 !== t3 ? t3 : 0, e3 && 0 !== e3.length) return P(e3, this.byteArrayParser).readInt16(this.byteArray, e3.dataOffset + 2 * t3);
          } }, { key: "uint32", value: function(e3, t3) {
            e3 = this.elements[e3];
            if (t3 = void 0 !== t3 ? t3 : 0, e3 && 0 !== e3.length) return P(e3, this.byteArrayParser).readUint32(this.byteArray, e3.dataOffset + 4 * t3);
          } }, { key: "int32", value: function(e3, t3) {
            e3 = this.elements[e3];
            if (t3 = void 0 !== t3 ? t3 : 0, e3 && 0 !== e3.length) return P(e3, this.byteArrayParser).readInt32(this.byteArray, e3.dataOffset + 4 * t3);
          } }, { key: "float", value: function(e3, t3) {
            e3 = this.elements[e3];
            if (t3 = void 0 !== t3 ? t3 : 0, e3 && 0 !== e3.length) return P(e3, this.byteArrayParser).readFloat(this.byteArray, e3.dataOffset + 4 * t3);
          } }, { key: "double", value: function(e3, t3) {
            e3 = this.elements[e3];
            if (t3 = void 0 !== t3 ? t3 : 0, e3 && 0 !== e3.length) return P(e3, this.byteArrayParser).readDouble(this.byteArray, e3.dataOffset + 8 * t3);
          } }, { key: "numStringValues", value: function(e3) {
            e3 = this.elements[e3];
            if (e3 && 0 < e3.length) {
              e3 = b(this.byteArray, e3.dataOffset, e3.length).match(/\\/g);
              return null === e3 ? 1 : e3.length + 1;
            }
          } }, { key: "string", value: function(e3, t3) {
            e3 = this.elements[e3];
            if (e3 && e3.Value) return e3.Value;
            if (e3 && 0 < e3.length) {
              e3 = b(this.byteArray, e3.dataOffset, e3.length);
              return 0 <= t3 ? e3.split("\\")[t3].trim() : e3.trim();
            }
          } }, { key: "text", value: function(e3, t3) {
            e3 = this.elements[e3];
            if (e3 && 0 < e3.length) {
              e3 = b(this.byteArray, e3.dataOffset, e3.length);
              return 0 <= t3 ? e3.split("\\")[t3].replace(/ +$/, "") : e3.replace(/ +$/, "");
            }
          } }, { key: "floatString", value: function(e3, t3) {
            var r4 = this.elements[e3];
            if (r4 && 0 < r4.length) {
              t3 = this.string(e3, t3 = void 0 !== t3 ? t3 : 0);
              if (void 0 !== t3) return parseFloat(t3);
            }
          } }, { key: "intString", value: function(e3, t3) {
            var r4 = this.elements[e3];
            if (r4 && 0 < r4.length) {
              t3 = this.string(e3, t3 = void 0 !== t3 ? t3 : 0);
              if (void 0 !== t3) return parseInt(t3);
            }
          } }, { key: "attributeTag", value: function(e3) {
            var t3 = this.elements[e3];
            if (t3 && 4 === t3.length) {
              var r4 = P(t3, this.byteArrayParser).readUint16, e3 = this.byteArray, t3 = t3.dataOffset;
              return "x".concat("00000000".concat((256 * r4(e3, t3) * 256 + r4(e3, t3 + 2)).toString(16)).substr(-8));
            }
          } }]) && v(e2.prototype, t2), r3 && v(e2, r3), Object.defineProperty(e2, "prototype", { writable: false }), a3;
        })();
        function x2(e2, t2) {
          if (void 0 === e2) throw "dicomParser.readDicomElementImplicit: missing required parameter 'byteStream'";
          for (var r3 = e2.byteArray.length - 8; e2.position <= r3; ) if (65534 === e2.readUint16()) {
            var a3 = e2.readUint16();
            if (57357 === a3) return 0 !== e2.readUint32() && e2.warnings("encountered non zero length following item delimiter at position ".concat(e2.position - 4, " while reading element of undefined length with tag ").concat(t2.tag)), void (t2.length = e2.position - t2.dataOffset);
          }
          t2.length = e2.byteArray.length - t2.dataOffset, e2.seek(e2.byteArray.length - e2.position);
        }
        var E = function(e2, t2) {
          if (void 0 !== e2.vr) return "SQ" === e2.vr;
          if (t2.position + 4 <= t2.byteArray.length) {
            e2 = h(t2);
            return t2.seek(-4), "xfffee000" === e2 || "xfffee0dd" === e2;
          }
          return t2.warnings.push("eof encountered before finding sequence item tag or sequence delimiter tag in peeking to determine VR"), false;
        };
        function A(e2, t2, r3) {
          if (void 0 === e2) throw "dicomParser.readDicomElementImplicit: missing required parameter 'byteStream'";
          var a3 = h(e2), a3 = { tag: a3, vr: void 0 !== r3 ? r3(a3) : void 0, length: e2.readUint32(), dataOffset: e2.position };
          return 4294967295 === a3.length && (a3.hadUndefinedLength = true), a3.tag === t2 || (!E(a3, e2) || f(a3.tag) && !a3.hadUndefinedLength ? a3.hadUndefinedLength ? x2(e2, a3) : e2.seek(a3.length) : (F(e2, a3, r3), f(a3.tag) && (a3.items = void 0))), a3;
        }
        function S(e2) {
          if (void 0 === e2) throw "dicomParser.readSequenceItem: missing required parameter 'byteStream'";
          var t2 = { tag: h(e2), length: e2.readUint32(), dataOffset: e2.position };
          if ("xfffee000" !== t2.tag) throw "dicomParser.readSequenceItem: item tag (FFFE,E000) not found at offset ".concat(e2.position);
          return t2;
        }
        function D(e2, t2) {
          var r3 = S(e2);
          return 4294967295 === r3.length ? (r3.hadUndefinedLength = true, r3.dataSet = (function(e3, t3) {
            for (var r4 = {}; e3.position < e3.byteArray.length; ) {
              var a3 = A(e3, void 0, t3);
              if ("xfffee00d" === (r4[a3.tag] = a3).tag) return new w(e3.byteArrayParser, e3.byteArray, r4);
            }
            return e3.warnings.push("eof encountered before finding sequence item delimiter in sequence item of undefined length"), new w(e3.byteArrayParser, e3.byteArray, r4);
          })(e2, t2), r3.length = e2.position - r3.dataOffset) : (r3.dataSet = new w(e2.byteArrayParser, e2.byteArray, {}), T(r3.dataSet, e2, e2.position + r3.length, { vrCallback: t2 })), r3;
        }
        function F(e2, t2, r3) {
          if (void 0 === e2) throw "dicomParser.readSequenceItemsImplicit: missing required parameter 'byteStream'";
          if (void 0 === t2) throw "dicomParser.readSequenceItemsImplicit: missing required parameter 'element'";
          t2.items = [], (4294967295 === t2.length ? function(e3, t3, r4) {
            for (; e3.position + 4 <= e3.byteArray.length; ) {
              var a3 = h(e3);
              if (e3.seek(-4), "xfffee0dd" === a3) return t3.length = e3.position - t3.dataOffset, e3.seek(8);
              a3 = D(e3, r4);
              t3.items.push(a3);
            }
            e3.warnings.push("eof encountered before finding sequence delimiter in sequence of undefined length"), t3.length = e3.byteArray.length - t3.dataOffset;
          } : function(e3, t3, r4) {
            for (var a3 = t3.dataOffset + t3.length; e3.position < a3; ) {
              var n3 = D(e3, r4);
              t3.items.push(n3);
            }
          })(e2, t2, r3);
        }
        function O(e2, t2) {
          var r3 = S(e2);
          return 4294967295 === r3.length ? (r3.hadUndefinedLength = true, r3.dataSet = (function(e3, t3) {
            for (var r4 = {}; e3.position < e3.byteArray.length; ) {
              var a3 = B(e3, t3);
              if ("xfffee00d" === (r4[a3.tag] = a3).tag) return new w(e3.byteArrayParser, e3.byteArray, r4);
            }
            return t3.push("eof encountered before finding item delimiter tag while reading sequence item of undefined length"), new w(e3.byteArrayParser, e3.byteArray, r4);
          })(e2, t2), r3.length = e2.position - r3.dataOffset) : (r3.dataSet = new w(e2.byteArrayParser, e2.byteArray, {}), q(r3.dataSet, e2, e2.position + r3.length)), r3;
        }
        function I(e2, t2, r3) {
          if (void 0 === e2) throw "dicomParser.readSequenceItemsExplicit: missing required parameter 'byteStream'";
          if (void 0 === t2) throw "dicomParser.readSequenceItemsExplicit: missing required parameter 'element'";
          t2.items = [], (4294967295 === t2.length ? function(e3, t3, r4) {
            for (; e3.position + 4 <= e3.byteArray.length; ) {
              var a3 = h(e3);
              if (e3.seek(-4), "xfffee0dd" === a3) return t3.length = e3.position - t3.dataOffset, e3.seek(8);
              a3 = O(e3, r4);
              t3.items.push(a3);
            }
            r4.push("eof encountered before finding sequence delimitation tag while reading sequence of undefined length"), t3.length = e3.position - t3.dataOffset;
          } : function(e3, t3, r4) {
            for (var a3 = t3.dataOffset + t3.length; e3.position < a3; ) {
              var n3 = O(e3, r4);
              t3.items.push(n3);
            }
          })(e2, t2, r3);
        }
        var U = function(e2) {
          return "OB" === e2 || "OD" === e2 || "OL" === e2 || "OW" === e2 || "SQ" === e2 || "OF" === e2 || "UC" === e2 || "UR" === e2 || "UT" === e2 || "UN" === e2 ? 4 : 2;
        };
        function B(e2, t2, r3) {
          if (void 0 === e2) throw "dicomParser.readDicomElementExplicit: missing required parameter 'byteStream'";
          var a3 = { tag: h(e2), vr: e2.readFixedString(2) };
          return 2 === U(a3.vr) ? a3.length = e2.readUint16() : (e2.seek(2), a3.length = e2.readUint32()), a3.dataOffset = e2.position, 4294967295 === a3.length && (a3.hadUndefinedLength = true), a3.tag === r3 || ("SQ" === a3.vr ? I(e2, a3, t2) : 4294967295 === a3.length ? "x7fe00010" === a3.tag ? g(e2, a3, t2) : ("UN" === a3.vr ? F : x2)(e2, a3) : e2.seek(a3.length)), a3;
        }
        function q(e2, t2, r3) {
          var a3 = 3 < arguments.length && void 0 !== arguments[3] ? arguments[3] : {};
          if (r3 = void 0 === r3 ? t2.byteArray.length : r3, void 0 === t2) throw "dicomParser.parseDicomDataSetExplicit: missing required parameter 'byteStream'";
          if (r3 < t2.position || r3 > t2.byteArray.length) throw "dicomParser.parseDicomDataSetExplicit: invalid value for parameter 'maxP osition'";
          for (var n3 = e2.elements; t2.position < r3; ) {
            var i4 = B(t2, e2.warnings, a3.untilTag);
            if ((n3[i4.tag] = i4).tag === a3.untilTag) return;
          }
          if (t2.position > r3) throw "dicomParser:parseDicomDataSetExplicit: buffer overrun";
        }
        function T(e2, t2, r3) {
          var a3 = 3 < arguments.length && void 0 !== arguments[3] ? arguments[3] : {};
          if (r3 = void 0 === r3 ? e2.byteArray.length : r3, void 0 === t2) throw "dicomParser.parseDicomDataSetImplicit: missing required parameter 'byteStream'";
          if (r3 < t2.position || r3 > t2.byteArray.length) throw "dicomParser.parseDicomDataSetImplicit: invalid value for parameter 'maxPosition'";
          for (var n3 = e2.elements; t2.position < r3; ) {
            var i4 = A(t2, a3.untilTag, a3.vrCallback);
            if ((n3[i4.tag] = i4).tag === a3.untilTag) return;
          }
        }
        function k(e2, t2) {
          if ("undefined" != typeof Buffer && e2 instanceof Buffer) return Buffer.alloc(t2);
          if (e2 instanceof Uint8Array) return new Uint8Array(t2);
          throw "dicomParser.alloc: unknown type for byteArray";
        }
        var L = "1.8.12", N = { readUint16: function(e2, t2) {
          if (t2 < 0) throw "bigEndianByteArrayParser.readUint16: position cannot be less than 0";
          if (t2 + 2 > e2.length) throw "bigEndianByteArrayParser.readUint16: attempt to read past end of buffer";
          return (e2[t2] << 8) + e2[t2 + 1];
        }, readInt16: function(e2, t2) {
          if (t2 < 0) throw "bigEndianByteArrayParser.readInt16: position cannot be less than 0";
          if (t2 + 2 > e2.length) throw "bigEndianByteArrayParser.readInt16: attempt to read past end of buffer";
          t2 = (e2[t2] << 8) + e2[t2 + 1];
          return t2 = 32768 & t2 ? t2 - 65535 - 1 : t2;
        }, readUint32: function(e2, t2) {
          if (t2 < 0) throw "bigEndianByteArrayParser.readUint32: position cannot be less than 0";
          if (t2 + 4 > e2.length) throw "bigEndianByteArrayParser.readUint32: attempt to read past end of buffer";
          return 256 * (256 * (256 * e2[t2] + e2[t2 + 1]) + e2[t2 + 2]) + e2[t2 + 3];
        }, readInt32: function(e2, t2) {
          if (t2 < 0) throw "bigEndianByteArrayParser.readInt32: position cannot be less than 0";
          if (t2 + 4 > e2.length) throw "bigEndianByteArrayParser.readInt32: attempt to read past end of buffer";
          return (e2[t2] << 24) + (e2[t2 + 1] << 16) + (e2[t2 + 2] << 8) + e2[t2 + 3];
        }, readFloat: function(e2, t2) {
          if (t2 < 0) throw "bigEndianByteArrayParser.readFloat: position cannot be less than 0";
          if (t2 + 4 > e2.length) throw "bigEndianByteArrayParser.readFloat: attempt to read past end of buffer";
          var r3 = new Uint8Array(4);
          return r3[3] = e2[t2], r3[2] = e2[t2 + 1], r3[1] = e2[t2 + 2], r3[0] = e2[t2 + 3], new Float32Array(r3.buffer)[0];
        }, readDouble: function(e2, t2) {
          if (t2 < 0) throw "bigEndianByteArrayParser.readDouble: position cannot be less than 0";
          if (t2 + 8 > e2.length) throw "bigEndianByteArrayParser.readDouble: attempt to read past end of buffer";
          var r3 = new Uint8Array(8);
          return r3[7] = e2[t2], r3[6] = e2[t2 + 1], r3[5] = e2[t2 + 2], r3[4] = e2[t2 + 3], r3[3] = e2[t2 + 4], r3[2] = e2[t2 + 5], r3[1] = e2[t2 + 6], r3[0] = e2[t2 + 7], new Float64Array(r3.buffer)[0];
        } };
        function j(e2, t2, r3) {
          if ("undefined" != typeof Buffer && e2 instanceof Buffer) return e2.slice(t2, t2 + r3);
          if (e2 instanceof Uint8Array) return new Uint8Array(e2.buffer, e2.byteOffset + t2, r3);
          throw "dicomParser.from: unknown type for byteArray";
        }
        function C(e2, t2) {
          for (var r3 = 0; r3 < t2.length; r3++) {
            var a3 = t2[r3];
            a3.enumerable = a3.enumerable || false, a3.configurable = true, "value" in a3 && (a3.writable = true), Object.defineProperty(e2, a3.key, a3);
          }
        }
        var J = (function() {
          function a3(e3, t3, r4) {
            if (!(function(e4, t4) {
              if (!(e4 instanceof t4)) throw new TypeError("Cannot call a class as a function");
            })(this, a3), void 0 === e3) throw "dicomParser.ByteStream: missing required parameter 'byteArrayParser'";
            if (void 0 === t3) throw "dicomParser.ByteStream: missing required parameter 'byteArray'";
            if (t3 instanceof Uint8Array == false && ("undefined" == typeof Buffer || t3 instanceof Buffer == false)) throw "dicomParser.ByteStream: parameter byteArray is not of type Uint8Array or Buffer";
            if (r4 < 0) throw "dicomParser.ByteStream: parameter 'position' cannot be less than 0";
            if (r4 >= t3.length) throw "dicomParser.ByteStream: parameter 'position' cannot be greater than or equal to 'byteArray' length";
            this.byteArrayParser = e3, this.byteArray = t3, this.position = r4 || 0, this.warnings = [];
          }
          var e2, t2, r3;
          return e2 = a3, (t2 = [{ key: "seek", value: function(e3) {
            if (this.position + e3 < 0) throw "dicomParser.ByteStream.prototype.seek: cannot seek to position < 0";
            this.position += e3;
          } }, { key: "readByteStream", value: function(e3) {
            if (this.position + e3 > this.byteArray.length) throw "dicomParser.ByteStream.prototype.readByteStream: readByteStream - buffer overread";
            var t3 = j(this.byteArray, this.position, e3);
            return this.position += e3, new a3(this.byteArrayParser, t3);
          } }, { key: "getSize", value: function() {
            return this.byteArray.length;
          } }, { key: "readUint16", value: function() {
            var e3 = this.byteArrayParser.readUint16(this.byteArray, this.position);
            return this.position += 2, e3;
          } }, { key: "readUint32", value: function() {
            var e3 = this.byteArrayParser.readUint32(this.byteArray, this.position);
            return this.position += 4, e3;
          } }, { key: "readFixedString", value: function(e3) {
            var t3 = b(this.byteArray, this.position, e3);
            return this.position += e3, t3;
          } }]) && C(e2.prototype, t2), r3 && C(e2, r3), Object.defineProperty(e2, "prototype", { writable: false }), a3;
        })(), M = { readUint16: function(e2, t2) {
          if (t2 < 0) throw "littleEndianByteArrayParser.readUint16: position cannot be less than 0";
          if (t2 + 2 > e2.length) throw "littleEndianByteArrayParser.readUint16: attempt to read past end of buffer";
          return e2[t2] + 256 * e2[t2 + 1];
        }, readInt16: function(e2, t2) {
          if (t2 < 0) throw "littleEndianByteArrayParser.readInt16: position cannot be less than 0";
          if (t2 + 2 > e2.length) throw "littleEndianByteArrayParser.readInt16: attempt to read past end of buffer";
          t2 = e2[t2] + (e2[t2 + 1] << 8);
          return t2 = 32768 & t2 ? t2 - 65535 - 1 : t2;
        }, readUint32: function(e2, t2) {
          if (t2 < 0) throw "littleEndianByteArrayParser.readUint32: position cannot be less than 0";
          if (t2 + 4 > e2.length) throw "littleEndianByteArrayParser.readUint32: attempt to read past end of buffer";
          return e2[t2] + 256 * e2[t2 + 1] + 256 * e2[t2 + 2] * 256 + 256 * e2[t2 + 3] * 256 * 256;
        }, readInt32: function(e2, t2) {
          if (t2 < 0) throw "littleEndianByteArrayParser.readInt32: position cannot be less than 0";
          if (t2 + 4 > e2.length) throw "littleEndianByteArrayParser.readInt32: attempt to read past end of buffer";
          return e2[t2] + (e2[t2 + 1] << 8) + (e2[t2 + 2] << 16) + (e2[t2 + 3] << 24);
        }, readFloat: function(e2, t2) {
          if (t2 < 0) throw "littleEndianByteArrayParser.readFloat: position cannot be less than 0";
          if (t2 + 4 > e2.length) throw "littleEndianByteArrayParser.readFloat: attempt to read past end of buffer";
          var r3 = new Uint8Array(4);
          return r3[0] = e2[t2], r3[1] = e2[t2 + 1], r3[2] = e2[t2 + 2], r3[3] = e2[t2 + 3], new Float32Array(r3.buffer)[0];
        }, readDouble: function(e2, t2) {
          if (t2 < 0) throw "littleEndianByteArrayParser.readDouble: position cannot be less than 0";
          if (t2 + 8 > e2.length) throw "littleEndianByteArrayParser.readDouble: attempt to read past end of buffer";
          var r3 = new Uint8Array(8);
          return r3[0] = e2[t2], r3[1] = e2[t2 + 1], r3[2] = e2[t2 + 2], r3[3] = e2[t2 + 3], r3[4] = e2[t2 + 4], r3[5] = e2[t2 + 5], r3[6] = e2[t2 + 6], r3[7] = e2[t2 + 7], new Float64Array(r3.buffer)[0];
        } };
        function G(e2) {
          var i4 = 1 < arguments.length && void 0 !== arguments[1] ? arguments[1] : {};
          if (void 0 === e2) throw "dicomParser.readPart10Header: missing required parameter 'byteArray'";
          var o2 = i4.TransferSyntaxUID, s2 = new J(M, e2);
          return (function() {
            var e3 = (function() {
              if (s2.getSize() <= 132 && o2) return false;
              if (s2.seek(128), "DICM" === s2.readFixedString(4)) return true;
              if (!(i4 || {}).TransferSyntaxUID) throw "dicomParser.readPart10Header: DICM prefix not found at location 132 - this is not a valid DICOM P10 file.";
              return s2.seek(0), false;
            })(), t2 = [], r3 = {};
            if (!e3) return s2.position = 0, { elements: { x00020010: { tag: "x00020010", vr: "UI", Value: o2 } }, warnings: t2 };
            for (; s2.position < s2.byteArray.length; ) {
              var a3 = s2.position, n3 = B(s2, t2);
              if ("x0002ffff" < n3.tag) {
                s2.position = a3;
                break;
              }
              n3.parser = M, r3[n3.tag] = n3;
            }
            return (e3 = new w(s2.byteArrayParser, s2.byteArray, r3)).warnings = s2.warnings, e3.position = s2.position, e3;
          })();
        }
        var z = "1.2.840.10008.1.2.2";
        function V(i4) {
          var o2 = 1 < arguments.length && void 0 !== arguments[1] ? arguments[1] : {};
          if (void 0 === i4) throw new Error("dicomParser.parseDicom: missing required parameter 'byteArray'");
          var e2, a3 = function(e3) {
            if (void 0 === e3.elements.x00020010) throw new Error("dicomParser.parseDicom: missing required meta header attribute 0002,0010");
            e3 = e3.elements.x00020010;
            return e3 && e3.Value || b(i4, e3.dataOffset, e3.length);
          };
          function t2(t3) {
            var e3 = a3(t3), r3 = "1.2.840.10008.1.2" !== e3, e3 = (function(e4, t4) {
              var r4 = "[object process]" === Object.prototype.toString.call("undefined" != typeof process ? process : 0);
              if ("1.2.840.10008.1.2.1.99" !== e4) return new J(e4 === z ? N : M, i4, t4);
              if (o2 && o2.inflater) {
                e4 = o2.inflater(i4, t4);
                return new J(M, e4, 0);
              }
              if (true == r4) {
                var a4 = s(0), n3 = j(i4, t4, i4.length - t4), a4 = a4.inflateRawSync(n3), n3 = k(i4, a4.length + t4);
                return i4.copy(n3, 0, 0, t4), a4.copy(n3, t4), new J(M, n3, 0);
              }
              if ("undefined" == typeof pako) throw "dicomParser.parseDicom: no inflater available to handle deflate transfer syntax";
              return a4 = i4.slice(t4), n3 = pako.inflateRaw(a4), (a4 = k(i4, n3.length + t4)).set(i4.slice(0, t4), 0), a4.set(n3, t4), new J(M, a4, 0);
            })(e3, t3.position), t3 = new w(e3.byteArrayParser, e3.byteArray, {});
            t3.warnings = e3.warnings;
            try {
              (r3 ? q : T)(t3, e3, e3.byteArray.length, o2);
            } catch (e4) {
              throw { exception: e4, dataSet: t3 };
            }
            return t3;
          }
          return (function(e3, t3) {
            for (var r3 in e3.elements) e3.elements.hasOwnProperty(r3) && (t3.elements[r3] = e3.elements[r3]);
            return void 0 !== e3.warnings && (t3.warnings = e3.warnings.concat(t3.warnings)), t3;
          })(e2 = G(i4, o2), t2(e2));
        }
        var R = function(e2, t2, r3) {
          for (var a3 = 0, n3 = t2; n3 < t2 + r3; n3++) a3 += e2[n3].length;
          return a3;
        };
        function _(e2, t2, r3, a3, n3) {
          if (n3 = n3 || t2.fragments, void 0 === e2) throw "dicomParser.readEncapsulatedPixelDataFromFragments: missing required parameter 'dataSet'";
          if (void 0 === t2) throw "dicomParser.readEncapsulatedPixelDataFromFragments: missing required parameter 'pixelDataElement'";
          if (void 0 === r3) throw "dicomParser.readEncapsulatedPixelDataFromFragments: missing required parameter 'startFragmentIndex'";
          if (void 0 === (a3 = a3 || 1)) throw "dicomParser.readEncapsulatedPixelDataFromFragments: missing required parameter 'numFragments'";
          if ("x7fe00010" !== t2.tag) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'pixelDataElement' refers to non pixel data tag (expected tag = x7fe00010";
          if (true !== t2.encapsulatedPixelData) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (true !== t2.hadUndefinedLength) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (void 0 === t2.basicOffsetTable) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (void 0 === t2.fragments) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (t2.fragments.length <= 0) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (r3 < 0) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'startFragmentIndex' must be >= 0";
          if (r3 >= t2.fragments.length) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'startFragmentIndex' must be < number of fragments";
          if (a3 < 1) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'numFragments' must be > 0";
          if (r3 + a3 > t2.fragments.length) throw "dicomParser.readEncapsulatedPixelDataFromFragments: parameter 'startFragment' + 'numFragments' < number of fragments";
          var i4 = new J(e2.byteArrayParser, e2.byteArray, t2.dataOffset), t2 = S(i4);
          if ("xfffee000" !== t2.tag) throw "dicomParser.readEncapsulatedPixelData: missing basic offset table xfffee000";
          i4.seek(t2.length);
          var o2 = i4.position;
          if (1 === a3) return j(i4.byteArray, o2 + n3[r3].offset + 8, n3[r3].length);
          for (var t2 = R(n3, r3, a3), s2 = k(i4.byteArray, t2), d2 = 0, f2 = r3; f2 < r3 + a3; f2++) for (var l2 = o2 + n3[f2].offset + 8, u2 = 0; u2 < n3[f2].length; u2++) s2[d2++] = i4.byteArray[l2++];
          return s2;
        }
        var H = function(e2, t2) {
          for (var r3 = 0; r3 < e2.length; r3++) if (e2[r3].offset === t2) return r3;
        }, Q = function(e2, t2, r3, a3) {
          if (e2 === t2.length - 1) return r3.length - a3;
          for (var n3 = t2[e2 + 1], i4 = a3 + 1; i4 < r3.length; i4++) if (r3[i4].offset === n3) return i4 - a3;
          throw "dicomParser.calculateNumberOfFragmentsForFrame: could not find fragment with offset matching basic offset table";
        };
        function W(e2, t2, r3, a3, n3) {
          if (a3 = a3 || t2.basicOffsetTable, n3 = n3 || t2.fragments, void 0 === e2) throw "dicomParser.readEncapsulatedImageFrame: missing required parameter 'dataSet'";
          if (void 0 === t2) throw "dicomParser.readEncapsulatedImageFrame: missing required parameter 'pixelDataElement'";
          if (void 0 === r3) throw "dicomParser.readEncapsulatedImageFrame: missing required parameter 'frameIndex'";
          if (void 0 === a3) throw "dicomParser.readEncapsulatedImageFrame: parameter 'pixelDataElement' does not have basicOffsetTable";
          if ("x7fe00010" !== t2.tag) throw "dicomParser.readEncapsulatedImageFrame: parameter 'pixelDataElement' refers to non pixel data tag (expected tag = x7fe00010)";
          if (true !== t2.encapsulatedPixelData) throw "dicomParser.readEncapsulatedImageFrame: parameter 'pixelDataElement' refers to pixel data element that does not have encapsulated pixel data";
          if (true !== t2.hadUndefinedLength) throw "dicomParser.readEncapsulatedImageFrame: parameter 'pixelDataElement' refers to pixel data element that does not have undefined length";
          if (void 0 === t2.fragments) throw "dicomParser.readEncapsulatedImageFrame: parameter 'pixelDataElement' refers to pixel data element that does not have fragments";
          if (0 === a3.length) throw "dicomParser.readEncapsulatedImageFrame: basicOffsetTable has zero entries";
          if (r3 < 0) throw "dicomParser.readEncapsulatedImageFrame: parameter 'frameIndex' must be >= 0";
          if (r3 >= a3.length) throw "dicomParser.readEncapsulatedImageFrame: parameter 'frameIndex' must be < basicOffsetTable.length";
          var i4 = a3[r3], i4 = H(n3, i4);
          if (void 0 === i4) throw "dicomParser.readEncapsulatedImageFrame: unable to find fragment that matches basic offset table entry";
          return _(e2, t2, i4, Q(r3, a3, n3, i4), n3);
        }
        var $ = false;
        function K(e2, t2, r3) {
          if ($ || ($ = true, console && console.log && console.log("WARNING: dicomParser.readEncapsulatedPixelData() has been deprecated")), void 0 === e2) throw "dicomParser.readEncapsulatedPixelData: missing required parameter 'dataSet'";
          if (void 0 === t2) throw "dicomParser.readEncapsulatedPixelData: missing required parameter 'element'";
          if (void 0 === r3) throw "dicomParser.readEncapsulatedPixelData: missing required parameter 'frame'";
          if ("x7fe00010" !== t2.tag) throw "dicomParser.readEncapsulatedPixelData: parameter 'element' refers to non pixel data tag (expected tag = x7fe00010)";
          if (true !== t2.encapsulatedPixelData) throw "dicomParser.readEncapsulatedPixelData: parameter 'element' refers to pixel data element that does not have encapsulated pixel data";
          if (true !== t2.hadUndefinedLength) throw "dicomParser.readEncapsulatedPixelData: parameter 'element' refers to pixel data element that does not have encapsulated pixel data";
          if (void 0 === t2.basicOffsetTable) throw "dicomParser.readEncapsulatedPixelData: parameter 'element' refers to pixel data element that does not have encapsulated pixel data";
          if (void 0 === t2.fragments) throw "dicomParser.readEncapsulatedPixelData: parameter 'element' refers to pixel data element that does not have encapsulated pixel data";
          if (r3 < 0) throw "dicomParser.readEncapsulatedPixelData: parameter 'frame' must be >= 0";
          return 0 !== t2.basicOffsetTable.length ? W(e2, t2, r3) : _(e2, t2, 0, t2.fragments.length);
        }
        t.default = { isStringVr: d, isPrivateTag: f, parsePN: a2, parseTM: n2, parseDA: o, explicitElementToString: l, explicitDataSetToJS: u, createJPEGBasicOffsetTable: p, parseDicomDataSetExplicit: q, parseDicomDataSetImplicit: T, readFixedString: b, alloc: k, version: L, bigEndianByteArrayParser: N, ByteStream: J, sharedCopy: j, DataSet: w, findAndSetUNElementLength: y, findEndOfEncapsulatedElement: g, findItemDelimitationItemAndSetElementLength: x2, littleEndianByteArrayParser: M, parseDicom: V, readDicomElementExplicit: B, readDicomElementImplicit: A, readEncapsulatedImageFrame: W, readEncapsulatedPixelData: K, readEncapsulatedPixelDataFromFragments: _, readPart10Header: G, readSequenceItemsExplicit: I, readSequenceItemsImplicit: F, readSequenceItem: S, readTag: h, LEI: "1.2.840.10008.1.2", LEE: "1.2.840.10008.1.2.1" };
      }], i2 = {}, n.m = a, n.c = i2, n.d = function(e, t, r2) {
        n.o(e, t) || Object.defineProperty(e, t, { enumerable: true, get: r2 });
      }, n.r = function(e) {
        "undefined" != typeof Symbol && Symbol.toStringTag && Object.defineProperty(e, Symbol.toStringTag, { value: "Module" }), Object.defineProperty(e, "__esModule", { value: true });
      }, n.t = function(t, e) {
        if (1 & e && (t = n(t)), 8 & e) return t;
        if (4 & e && "object" == typeof t && t && t.__esModule) return t;
        var r2 = /* @__PURE__ */ Object.create(null);
        if (n.r(r2), Object.defineProperty(r2, "default", { enumerable: true, value: t }), 2 & e && "string" != typeof t) for (var a2 in t) n.d(r2, a2, function(e2) {
          return t[e2];
        }.bind(null, a2));
        return r2;
      }, n.n = function(e) {
        var t = e && e.__esModule ? function() {
          return e.default;
        } : function() {
          return e;
        };
        return n.d(t, "a", t), t;
      }, n.o = function(e, t) {
        return Object.prototype.hasOwnProperty.call(e, t);
      }, n.p = "", n(n.s = 1);
      function n(e) {
        if (i2[e]) return i2[e].exports;
        var t = i2[e] = { i: e, l: false, exports: {} };
        return a[e].call(t.exports, t, t.exports, n), t.l = true, t.exports;
      }
      var a, i2;
    });
  }
});

// ../../node_modules/fflate/lib/node.cjs
var require_node = __commonJS({
  "../../node_modules/fflate/lib/node.cjs"(exports2) {
    "use strict";
    exports2.deflate = deflate;
    exports2.deflateSync = deflateSync;
    exports2.inflate = inflate2;
    exports2.inflateSync = inflateSync2;
    exports2.gzip = gzip;
    exports2.compress = gzip;
    exports2.gzipSync = gzipSync;
    exports2.compressSync = gzipSync;
    exports2.gunzip = gunzip;
    exports2.gunzipSync = gunzipSync2;
    exports2.zlib = zlib;
    exports2.zlibSync = zlibSync;
    exports2.unzlib = unzlib;
    exports2.unzlibSync = unzlibSync;
    exports2.gzip = gzip;
    exports2.compress = gzip;
    exports2.decompress = decompress;
    exports2.decompressSync = decompressSync;
    exports2.strToU8 = strToU8;
    exports2.strFromU8 = strFromU8;
    exports2.zip = zip;
    exports2.zipSync = zipSync;
    exports2.unzip = unzip;
    exports2.unzipSync = unzipSync;
    var _a2;
    var Worker2;
    var isMarkedAsUntransferable2;
    var workerAdd = ";var __w=require('worker_threads');__w.parentPort.on('message',function(m){onmessage({data:m})}),postMessage=function(m,t){__w.parentPort.postMessage(m,t)},close=process.exit;self=global";
    try {
      _a2 = require("worker_threads"), Worker2 = _a2.Worker, isMarkedAsUntransferable2 = _a2.isMarkedAsUntransferable;
    } catch (e) {
    }
    var node_worker_1 = {};
    node_worker_1["default"] = Worker2 ? function(c, _, msg, transfer, cb) {
      var done = false;
      var w = new Worker2(c + workerAdd, { eval: true }).on("error", function(e) {
        return cb(e, null);
      }).on("message", function(m) {
        return cb(null, m);
      }).on("exit", function(c2) {
        if (c2 && !done)
          cb(new Error("exited with code " + c2), null);
      });
      if (isMarkedAsUntransferable2)
        transfer = transfer.filter(function(t) {
          return !isMarkedAsUntransferable2(t);
        });
      w.postMessage(msg, transfer);
      w.terminate = function() {
        done = true;
        return Worker2.prototype.terminate.call(w);
      };
      return w;
    } : function(_, __, ___, ____, cb) {
      setImmediate(function() {
        return cb(new Error("async operations unsupported - update to Node 12+ (or Node 10-11 with the --experimental-worker CLI flag)"), null);
      });
      var NOP = function() {
      };
      return {
        terminate: NOP,
        postMessage: NOP
      };
    };
    var u82 = Uint8Array;
    var u162 = Uint16Array;
    var i322 = Int32Array;
    var fleb2 = new u82([
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      1,
      1,
      1,
      2,
      2,
      2,
      2,
      3,
      3,
      3,
      3,
      4,
      4,
      4,
      4,
      5,
      5,
      5,
      5,
      0,
      /* unused */
      0,
      0,
      /* impossible */
      0
    ]);
    var fdeb2 = new u82([
      0,
      0,
      0,
      0,
      1,
      1,
      2,
      2,
      3,
      3,
      4,
      4,
      5,
      5,
      6,
      6,
      7,
      7,
      8,
      8,
      9,
      9,
      10,
      10,
      11,
      11,
      12,
      12,
      13,
      13,
      /* unused */
      0,
      0
    ]);
    var clim2 = new u82([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);
    var freb2 = function(eb, start) {
      var b = new u162(31);
      for (var i3 = 0; i3 < 31; ++i3) {
        b[i3] = start += 1 << eb[i3 - 1];
      }
      var r = new i322(b[30]);
      for (var i3 = 1; i3 < 30; ++i3) {
        for (var j = b[i3]; j < b[i3 + 1]; ++j) {
          r[j] = j - b[i3] << 5 | i3;
        }
      }
      return { b, r };
    };
    var _a2 = freb2(fleb2, 2);
    var fl2 = _a2.b;
    var revfl2 = _a2.r;
    fl2[28] = 258, revfl2[258] = 28;
    var _b2 = freb2(fdeb2, 0);
    var fd2 = _b2.b;
    var revfd2 = _b2.r;
    var rev2 = new u162(32768);
    for (i2 = 0; i2 < 32768; ++i2) {
      x2 = (i2 & 43690) >> 1 | (i2 & 21845) << 1;
      x2 = (x2 & 52428) >> 2 | (x2 & 13107) << 2;
      x2 = (x2 & 61680) >> 4 | (x2 & 3855) << 4;
      rev2[i2] = ((x2 & 65280) >> 8 | (x2 & 255) << 8) >> 1;
    }
    var x2;
    var i2;
    var hMap2 = (function(cd, mb, r) {
      var s = cd.length;
      var i3 = 0;
      var l = new u162(mb);
      for (; i3 < s; ++i3) {
        if (cd[i3])
          ++l[cd[i3] - 1];
      }
      var le = new u162(mb);
      for (i3 = 1; i3 < mb; ++i3) {
        le[i3] = le[i3 - 1] + l[i3 - 1] << 1;
      }
      var co;
      if (r) {
        co = new u162(1 << mb);
        var rvb = 15 - mb;
        for (i3 = 0; i3 < s; ++i3) {
          if (cd[i3]) {
            var sv = i3 << 4 | cd[i3];
            var r_1 = mb - cd[i3];
            var v = le[cd[i3] - 1]++ << r_1;
            for (var m = v | (1 << r_1) - 1; v <= m; ++v) {
              co[rev2[v] >> rvb] = sv;
            }
          }
        }
      } else {
        co = new u162(s);
        for (i3 = 0; i3 < s; ++i3) {
          if (cd[i3]) {
            co[i3] = rev2[le[cd[i3] - 1]++] >> 15 - cd[i3];
          }
        }
      }
      return co;
    });
    var flt2 = new u82(288);
    for (i2 = 0; i2 < 144; ++i2)
      flt2[i2] = 8;
    var i2;
    for (i2 = 144; i2 < 256; ++i2)
      flt2[i2] = 9;
    var i2;
    for (i2 = 256; i2 < 280; ++i2)
      flt2[i2] = 7;
    var i2;
    for (i2 = 280; i2 < 288; ++i2)
      flt2[i2] = 8;
    var i2;
    var fdt2 = new u82(32);
    for (i2 = 0; i2 < 32; ++i2)
      fdt2[i2] = 5;
    var i2;
    var flm = /* @__PURE__ */ hMap2(flt2, 9, 0);
    var flrm2 = /* @__PURE__ */ hMap2(flt2, 9, 1);
    var fdm = /* @__PURE__ */ hMap2(fdt2, 5, 0);
    var fdrm2 = /* @__PURE__ */ hMap2(fdt2, 5, 1);
    var max2 = function(a) {
      var m = a[0];
      for (var i3 = 1; i3 < a.length; ++i3) {
        if (a[i3] > m)
          m = a[i3];
      }
      return m;
    };
    var bits2 = function(d, p, m) {
      var o = p / 8 | 0;
      return (d[o] | d[o + 1] << 8) >> (p & 7) & m;
    };
    var bits162 = function(d, p) {
      var o = p / 8 | 0;
      return (d[o] | d[o + 1] << 8 | d[o + 2] << 16) >> (p & 7);
    };
    var shft2 = function(p) {
      return (p + 7) / 8 | 0;
    };
    var slc2 = function(v, s, e) {
      if (s == null || s < 0)
        s = 0;
      if (e == null || e > v.length)
        e = v.length;
      return new u82(v.subarray(s, e));
    };
    exports2.FlateErrorCode = {
      UnexpectedEOF: 0,
      InvalidBlockType: 1,
      InvalidLengthLiteral: 2,
      InvalidDistance: 3,
      StreamFinished: 4,
      NoStreamHandler: 5,
      InvalidHeader: 6,
      NoCallback: 7,
      InvalidUTF8: 8,
      ExtraFieldTooLong: 9,
      InvalidDate: 10,
      FilenameTooLong: 11,
      StreamFinishing: 12,
      InvalidZipData: 13,
      UnknownCompressionMethod: 14
    };
    var ec2 = [
      "unexpected EOF",
      "invalid block type",
      "invalid length/literal",
      "invalid distance",
      "stream finished",
      "no stream handler",
      ,
      // determined by compression function
      "no callback",
      "invalid UTF-8 data",
      "extra field too long",
      "date not in range 1980-2099",
      "filename too long",
      "stream finishing",
      "invalid zip data"
      // determined by unknown compression method
    ];
    var err2 = function(ind, msg, nt) {
      var e = new Error(msg || ec2[ind]);
      e.code = ind;
      if (Error.captureStackTrace)
        Error.captureStackTrace(e, err2);
      if (!nt)
        throw e;
      return e;
    };
    var inflt2 = function(dat, st, buf, dict) {
      var sl = dat.length, dl = dict ? dict.length : 0;
      if (!sl || st.f && !st.l)
        return buf || new u82(0);
      var noBuf = !buf;
      var resize = noBuf || st.i != 2;
      var noSt = st.i;
      if (noBuf)
        buf = new u82(sl * 3);
      var cbuf = function(l2) {
        var bl = buf.length;
        if (l2 > bl) {
          var nbuf = new u82(Math.max(bl * 2, l2));
          nbuf.set(buf);
          buf = nbuf;
        }
      };
      var final = st.f || 0, pos = st.p || 0, bt = st.b || 0, lm = st.l, dm = st.d, lbt = st.m, dbt = st.n;
      var tbts = sl * 8;
      do {
        if (!lm) {
          final = bits2(dat, pos, 1);
          var type = bits2(dat, pos + 1, 3);
          pos += 3;
          if (!type) {
            var s = shft2(pos) + 4, l = dat[s - 4] | dat[s - 3] << 8, t = s + l;
            if (t > sl) {
              if (noSt)
                err2(0);
              break;
            }
            if (resize)
              cbuf(bt + l);
            buf.set(dat.subarray(s, t), bt);
            st.b = bt += l, st.p = pos = t * 8, st.f = final;
            continue;
          } else if (type == 1)
            lm = flrm2, dm = fdrm2, lbt = 9, dbt = 5;
          else if (type == 2) {
            var hLit = bits2(dat, pos, 31) + 257, hcLen = bits2(dat, pos + 10, 15) + 4;
            var tl = hLit + bits2(dat, pos + 5, 31) + 1;
            pos += 14;
            var ldt = new u82(tl);
            var clt = new u82(19);
            for (var i3 = 0; i3 < hcLen; ++i3) {
              clt[clim2[i3]] = bits2(dat, pos + i3 * 3, 7);
            }
            pos += hcLen * 3;
            var clb = max2(clt), clbmsk = (1 << clb) - 1;
            var clm = hMap2(clt, clb, 1);
            for (var i3 = 0; i3 < tl; ) {
              var r = clm[bits2(dat, pos, clbmsk)];
              pos += r & 15;
              var s = r >> 4;
              if (s < 16) {
                ldt[i3++] = s;
              } else {
                var c = 0, n = 0;
                if (s == 16)
                  n = 3 + bits2(dat, pos, 3), pos += 2, c = ldt[i3 - 1];
                else if (s == 17)
                  n = 3 + bits2(dat, pos, 7), pos += 3;
                else if (s == 18)
                  n = 11 + bits2(dat, pos, 127), pos += 7;
                while (n--)
                  ldt[i3++] = c;
              }
            }
            var lt = ldt.subarray(0, hLit), dt = ldt.subarray(hLit);
            lbt = max2(lt);
            dbt = max2(dt);
            lm = hMap2(lt, lbt, 1);
            dm = hMap2(dt, dbt, 1);
          } else
            err2(1);
          if (pos > tbts) {
            if (noSt)
              err2(0);
            break;
          }
        }
        if (resize)
          cbuf(bt + 131072);
        var lms = (1 << lbt) - 1, dms = (1 << dbt) - 1;
        var lpos = pos;
        for (; ; lpos = pos) {
          var c = lm[bits162(dat, pos) & lms], sym = c >> 4;
          pos += c & 15;
          if (pos > tbts) {
            if (noSt)
              err2(0);
            break;
          }
          if (!c)
            err2(2);
          if (sym < 256)
            buf[bt++] = sym;
          else if (sym == 256) {
            lpos = pos, lm = null;
            break;
          } else {
            var add4 = sym - 254;
            if (sym > 264) {
              var i3 = sym - 257, b = fleb2[i3];
              add4 = bits2(dat, pos, (1 << b) - 1) + fl2[i3];
              pos += b;
            }
            var d = dm[bits162(dat, pos) & dms], dsym = d >> 4;
            if (!d)
              err2(3);
            pos += d & 15;
            var dt = fd2[dsym];
            if (dsym > 3) {
              var b = fdeb2[dsym];
              dt += bits162(dat, pos) & (1 << b) - 1, pos += b;
            }
            if (pos > tbts) {
              if (noSt)
                err2(0);
              break;
            }
            if (resize)
              cbuf(bt + 131072);
            var end = bt + add4;
            if (bt < dt) {
              var shift = dl - dt, dend = Math.min(dt, end);
              if (shift + bt < 0)
                err2(3);
              for (; bt < dend; ++bt)
                buf[bt] = dict[shift + bt];
            }
            for (; bt < end; ++bt)
              buf[bt] = buf[bt - dt];
          }
        }
        st.l = lm, st.p = lpos, st.b = bt, st.f = final;
        if (lm)
          final = 1, st.m = lbt, st.d = dm, st.n = dbt;
      } while (!final);
      return bt != buf.length && noBuf ? slc2(buf, 0, bt) : buf.subarray(0, bt);
    };
    var wbits = function(d, p, v) {
      v <<= p & 7;
      var o = p / 8 | 0;
      d[o] |= v;
      d[o + 1] |= v >> 8;
    };
    var wbits16 = function(d, p, v) {
      v <<= p & 7;
      var o = p / 8 | 0;
      d[o] |= v;
      d[o + 1] |= v >> 8;
      d[o + 2] |= v >> 16;
    };
    var hTree = function(d, mb) {
      var t = [];
      for (var i3 = 0; i3 < d.length; ++i3) {
        if (d[i3])
          t.push({ s: i3, f: d[i3] });
      }
      var s = t.length;
      var t2 = t.slice();
      if (!s)
        return { t: et2, l: 0 };
      if (s == 1) {
        var v = new u82(t[0].s + 1);
        v[t[0].s] = 1;
        return { t: v, l: 1 };
      }
      t.sort(function(a, b) {
        return a.f - b.f;
      });
      t.push({ s: -1, f: 25001 });
      var l = t[0], r = t[1], i0 = 0, i1 = 1, i22 = 2;
      t[0] = { s: -1, f: l.f + r.f, l, r };
      while (i1 != s - 1) {
        l = t[t[i0].f < t[i22].f ? i0++ : i22++];
        r = t[i0 != i1 && t[i0].f < t[i22].f ? i0++ : i22++];
        t[i1++] = { s: -1, f: l.f + r.f, l, r };
      }
      var maxSym = t2[0].s;
      for (var i3 = 1; i3 < s; ++i3) {
        if (t2[i3].s > maxSym)
          maxSym = t2[i3].s;
      }
      var tr = new u162(maxSym + 1);
      var mbt = ln(t[i1 - 1], tr, 0);
      if (mbt > mb) {
        var i3 = 0, dt = 0;
        var lft = mbt - mb, cst = 1 << lft;
        t2.sort(function(a, b) {
          return tr[b.s] - tr[a.s] || a.f - b.f;
        });
        for (; i3 < s; ++i3) {
          var i2_1 = t2[i3].s;
          if (tr[i2_1] > mb) {
            dt += cst - (1 << mbt - tr[i2_1]);
            tr[i2_1] = mb;
          } else
            break;
        }
        dt >>= lft;
        while (dt > 0) {
          var i2_2 = t2[i3].s;
          if (tr[i2_2] < mb)
            dt -= 1 << mb - tr[i2_2]++ - 1;
          else
            ++i3;
        }
        for (; i3 >= 0 && dt; --i3) {
          var i2_3 = t2[i3].s;
          if (tr[i2_3] == mb) {
            --tr[i2_3];
            ++dt;
          }
        }
        mbt = mb;
      }
      return { t: new u82(tr), l: mbt };
    };
    var ln = function(n, l, d) {
      return n.s == -1 ? Math.max(ln(n.l, l, d + 1), ln(n.r, l, d + 1)) : l[n.s] = d;
    };
    var lc = function(c) {
      var s = c.length;
      while (s && !c[--s])
        ;
      var cl = new u162(++s);
      var cli = 0, cln = c[0], cls = 1;
      var w = function(v) {
        cl[cli++] = v;
      };
      for (var i3 = 1; i3 <= s; ++i3) {
        if (c[i3] == cln && i3 != s)
          ++cls;
        else {
          if (!cln && cls > 2) {
            for (; cls > 138; cls -= 138)
              w(32754);
            if (cls > 2) {
              w(cls > 10 ? cls - 11 << 5 | 28690 : cls - 3 << 5 | 12305);
              cls = 0;
            }
          } else if (cls > 3) {
            w(cln), --cls;
            for (; cls > 6; cls -= 6)
              w(8304);
            if (cls > 2)
              w(cls - 3 << 5 | 8208), cls = 0;
          }
          while (cls--)
            w(cln);
          cls = 1;
          cln = c[i3];
        }
      }
      return { c: cl.subarray(0, cli), n: s };
    };
    var clen = function(cf, cl) {
      var l = 0;
      for (var i3 = 0; i3 < cl.length; ++i3)
        l += cf[i3] * cl[i3];
      return l;
    };
    var wfblk = function(out, pos, dat) {
      var s = dat.length;
      var o = shft2(pos + 2);
      out[o] = s & 255;
      out[o + 1] = s >> 8;
      out[o + 2] = out[o] ^ 255;
      out[o + 3] = out[o + 1] ^ 255;
      for (var i3 = 0; i3 < s; ++i3)
        out[o + i3 + 4] = dat[i3];
      return (o + 4 + s) * 8;
    };
    var wblk = function(dat, out, final, syms, lf, df, eb, li, bs, bl, p) {
      wbits(out, p++, final);
      ++lf[256];
      var _a3 = hTree(lf, 15), dlt = _a3.t, mlb = _a3.l;
      var _b3 = hTree(df, 15), ddt = _b3.t, mdb = _b3.l;
      var _c = lc(dlt), lclt = _c.c, nlc = _c.n;
      var _d = lc(ddt), lcdt = _d.c, ndc = _d.n;
      var lcfreq = new u162(19);
      for (var i3 = 0; i3 < lclt.length; ++i3)
        ++lcfreq[lclt[i3] & 31];
      for (var i3 = 0; i3 < lcdt.length; ++i3)
        ++lcfreq[lcdt[i3] & 31];
      var _e = hTree(lcfreq, 7), lct = _e.t, mlcb = _e.l;
      var nlcc = 19;
      for (; nlcc > 4 && !lct[clim2[nlcc - 1]]; --nlcc)
        ;
      var flen = bl + 5 << 3;
      var ftlen = clen(lf, flt2) + clen(df, fdt2) + eb;
      var dtlen = clen(lf, dlt) + clen(df, ddt) + eb + 14 + 3 * nlcc + clen(lcfreq, lct) + 2 * lcfreq[16] + 3 * lcfreq[17] + 7 * lcfreq[18];
      if (bs >= 0 && flen <= ftlen && flen <= dtlen)
        return wfblk(out, p, dat.subarray(bs, bs + bl));
      var lm, ll, dm, dl;
      wbits(out, p, 1 + (dtlen < ftlen)), p += 2;
      if (dtlen < ftlen) {
        lm = hMap2(dlt, mlb, 0), ll = dlt, dm = hMap2(ddt, mdb, 0), dl = ddt;
        var llm = hMap2(lct, mlcb, 0);
        wbits(out, p, nlc - 257);
        wbits(out, p + 5, ndc - 1);
        wbits(out, p + 10, nlcc - 4);
        p += 14;
        for (var i3 = 0; i3 < nlcc; ++i3)
          wbits(out, p + 3 * i3, lct[clim2[i3]]);
        p += 3 * nlcc;
        var lcts = [lclt, lcdt];
        for (var it = 0; it < 2; ++it) {
          var clct = lcts[it];
          for (var i3 = 0; i3 < clct.length; ++i3) {
            var len = clct[i3] & 31;
            wbits(out, p, llm[len]), p += lct[len];
            if (len > 15)
              wbits(out, p, clct[i3] >> 5 & 127), p += clct[i3] >> 12;
          }
        }
      } else {
        lm = flm, ll = flt2, dm = fdm, dl = fdt2;
      }
      for (var i3 = 0; i3 < li; ++i3) {
        var sym = syms[i3];
        if (sym > 255) {
          var len = sym >> 18 & 31;
          wbits16(out, p, lm[len + 257]), p += ll[len + 257];
          if (len > 7)
            wbits(out, p, sym >> 23 & 31), p += fleb2[len];
          var dst = sym & 31;
          wbits16(out, p, dm[dst]), p += dl[dst];
          if (dst > 3)
            wbits16(out, p, sym >> 5 & 8191), p += fdeb2[dst];
        } else {
          wbits16(out, p, lm[sym]), p += ll[sym];
        }
      }
      wbits16(out, p, lm[256]);
      return p + ll[256];
    };
    var deo = /* @__PURE__ */ new i322([65540, 131080, 131088, 131104, 262176, 1048704, 1048832, 2114560, 2117632]);
    var et2 = /* @__PURE__ */ new u82(0);
    var dflt = function(dat, lvl, plvl, pre, post, st) {
      var s = st.z || dat.length;
      var o = new u82(pre + s + 5 * (1 + Math.ceil(s / 7e3)) + post);
      var w = o.subarray(pre, o.length - post);
      var lst = st.l;
      var pos = (st.r || 0) & 7;
      if (lvl) {
        if (pos)
          w[0] = st.r >> 3;
        var opt = deo[lvl - 1];
        var n = opt >> 13, c = opt & 8191;
        var msk_1 = (1 << plvl) - 1;
        var prev = st.p || new u162(32768), head = st.h || new u162(msk_1 + 1);
        var bs1_1 = Math.ceil(plvl / 3), bs2_1 = 2 * bs1_1;
        var hsh = function(i4) {
          return (dat[i4] ^ dat[i4 + 1] << bs1_1 ^ dat[i4 + 2] << bs2_1) & msk_1;
        };
        var syms = new i322(25e3);
        var lf = new u162(288), df = new u162(32);
        var lc_1 = 0, eb = 0, i3 = st.i || 0, li = 0, wi = st.w || 0, bs = 0;
        for (; i3 + 2 < s; ++i3) {
          var hv = hsh(i3);
          var imod = i3 & 32767, pimod = head[hv];
          prev[imod] = pimod;
          head[hv] = imod;
          if (wi <= i3) {
            var rem = s - i3;
            if ((lc_1 > 7e3 || li > 24576) && (rem > 423 || !lst)) {
              pos = wblk(dat, w, 0, syms, lf, df, eb, li, bs, i3 - bs, pos);
              li = lc_1 = eb = 0, bs = i3;
              for (var j = 0; j < 286; ++j)
                lf[j] = 0;
              for (var j = 0; j < 30; ++j)
                df[j] = 0;
            }
            var l = 2, d = 0, ch_1 = c, dif = imod - pimod & 32767;
            if (rem > 2 && hv == hsh(i3 - dif)) {
              var maxn = Math.min(n, rem) - 1;
              var maxd = Math.min(32767, i3);
              var ml = Math.min(258, rem);
              while (dif <= maxd && --ch_1 && imod != pimod) {
                if (dat[i3 + l] == dat[i3 + l - dif]) {
                  var nl = 0;
                  for (; nl < ml && dat[i3 + nl] == dat[i3 + nl - dif]; ++nl)
                    ;
                  if (nl > l) {
                    l = nl, d = dif;
                    if (nl > maxn)
                      break;
                    var mmd = Math.min(dif, nl - 2);
                    var md = 0;
                    for (var j = 0; j < mmd; ++j) {
                      var ti = i3 - dif + j & 32767;
                      var pti = prev[ti];
                      var cd = ti - pti & 32767;
                      if (cd > md)
                        md = cd, pimod = ti;
                    }
                  }
                }
                imod = pimod, pimod = prev[imod];
                dif += imod - pimod & 32767;
              }
            }
            if (d) {
              syms[li++] = 268435456 | revfl2[l] << 18 | revfd2[d];
              var lin = revfl2[l] & 31, din = revfd2[d] & 31;
              eb += fleb2[lin] + fdeb2[din];
              ++lf[257 + lin];
              ++df[din];
              wi = i3 + l;
              ++lc_1;
            } else {
              syms[li++] = dat[i3];
              ++lf[dat[i3]];
            }
          }
        }
        for (i3 = Math.max(i3, wi); i3 < s; ++i3) {
          syms[li++] = dat[i3];
          ++lf[dat[i3]];
        }
        pos = wblk(dat, w, lst, syms, lf, df, eb, li, bs, i3 - bs, pos);
        if (!lst) {
          st.r = pos & 7 | w[pos / 8 | 0] << 3;
          pos -= 7;
          st.h = head, st.p = prev, st.i = i3, st.w = wi;
        }
      } else {
        for (var i3 = st.w || 0; i3 < s + lst; i3 += 65535) {
          var e = i3 + 65535;
          if (e >= s) {
            w[pos / 8 | 0] = lst;
            e = s;
          }
          pos = wfblk(w, pos + 1, dat.subarray(i3, e));
        }
        st.i = s;
      }
      return slc2(o, 0, pre + shft2(pos) + post);
    };
    var crct = /* @__PURE__ */ (function() {
      var t = new Int32Array(256);
      for (var i3 = 0; i3 < 256; ++i3) {
        var c = i3, k = 9;
        while (--k)
          c = (c & 1 && -306674912) ^ c >>> 1;
        t[i3] = c;
      }
      return t;
    })();
    var crc = function() {
      var c = -1;
      return {
        p: function(d) {
          var cr = c;
          for (var i3 = 0; i3 < d.length; ++i3)
            cr = crct[cr & 255 ^ d[i3]] ^ cr >>> 8;
          c = cr;
        },
        d: function() {
          return ~c;
        }
      };
    };
    var adler = function() {
      var a = 1, b = 0;
      return {
        p: function(d) {
          var n = a, m = b;
          var l = d.length | 0;
          for (var i3 = 0; i3 != l; ) {
            var e = Math.min(i3 + 2655, l);
            for (; i3 < e; ++i3)
              m += n += d[i3];
            n = (n & 65535) + 15 * (n >> 16), m = (m & 65535) + 15 * (m >> 16);
          }
          a = n, b = m;
        },
        d: function() {
          a %= 65521, b %= 65521;
          return (a & 255) << 24 | (a & 65280) << 8 | (b & 255) << 8 | b >> 8;
        }
      };
    };
    var dopt = function(dat, opt, pre, post, st) {
      if (!st) {
        st = { l: 1 };
        if (opt.dictionary) {
          var dict = opt.dictionary.subarray(-32768);
          var newDat = new u82(dict.length + dat.length);
          newDat.set(dict);
          newDat.set(dat, dict.length);
          dat = newDat;
          st.w = dict.length;
        }
      }
      return dflt(dat, opt.level == null ? 6 : opt.level, opt.mem == null ? st.l ? Math.ceil(Math.max(8, Math.min(13, Math.log(dat.length))) * 1.5) : 20 : 12 + opt.mem, pre, post, st);
    };
    var mrg = function(a, b) {
      var o = {};
      for (var k in a)
        o[k] = a[k];
      for (var k in b)
        o[k] = b[k];
      return o;
    };
    var wcln = function(fn, fnStr, td3) {
      var dt = fn();
      var st = fn.toString();
      var ks = st.slice(st.indexOf("[") + 1, st.lastIndexOf("]")).replace(/\s+/g, "").split(",");
      for (var i3 = 0; i3 < dt.length; ++i3) {
        var v = dt[i3], k = ks[i3];
        if (typeof v == "function") {
          fnStr += ";" + k + "=";
          var st_1 = v.toString();
          if (v.prototype) {
            if (st_1.indexOf("[native code]") != -1) {
              var spInd = st_1.indexOf(" ", 8) + 1;
              fnStr += st_1.slice(spInd, st_1.indexOf("(", spInd));
            } else {
              fnStr += st_1;
              for (var t in v.prototype)
                fnStr += ";" + k + ".prototype." + t + "=" + v.prototype[t].toString();
            }
          } else
            fnStr += st_1;
        } else
          td3[k] = v;
      }
      return fnStr;
    };
    var ch = [];
    var cbfs = function(v) {
      var tl = [];
      for (var k in v) {
        if (v[k].buffer) {
          tl.push((v[k] = new v[k].constructor(v[k])).buffer);
        }
      }
      return tl;
    };
    var wrkr = function(fns, init, id, cb) {
      if (!ch[id]) {
        var fnStr = "", td_1 = {}, m = fns.length - 1;
        for (var i3 = 0; i3 < m; ++i3)
          fnStr = wcln(fns[i3], fnStr, td_1);
        ch[id] = { c: wcln(fns[m], fnStr, td_1), e: td_1 };
      }
      var td3 = mrg({}, ch[id].e);
      return (0, node_worker_1.default)(ch[id].c + ";onmessage=function(e){for(var k in e.data)self[k]=e.data[k];onmessage=" + init.toString() + "}", id, td3, cbfs(td3), cb);
    };
    var bInflt = function() {
      return [u82, u162, i322, fleb2, fdeb2, clim2, fl2, fd2, flrm2, fdrm2, rev2, ec2, hMap2, max2, bits2, bits162, shft2, slc2, err2, inflt2, inflateSync2, pbf, gopt];
    };
    var bDflt = function() {
      return [u82, u162, i322, fleb2, fdeb2, clim2, revfl2, revfd2, flm, flt2, fdm, fdt2, rev2, deo, et2, hMap2, wbits, wbits16, hTree, ln, lc, clen, wfblk, wblk, shft2, slc2, dflt, dopt, deflateSync, pbf];
    };
    var gze = function() {
      return [gzh, gzhl, wbytes, crc, crct];
    };
    var guze = function() {
      return [gzs2, gzl2];
    };
    var zle = function() {
      return [zlh, wbytes, adler];
    };
    var zule = function() {
      return [zls];
    };
    var pbf = function(msg) {
      return postMessage(msg, [msg.buffer]);
    };
    var gopt = function(o) {
      return o && {
        out: o.size && new u82(o.size),
        dictionary: o.dictionary
      };
    };
    var cbify = function(dat, opts, fns, init, id, cb) {
      var w = wrkr(fns, init, id, function(err3, dat2) {
        w.terminate();
        cb(err3, dat2);
      });
      w.postMessage([dat, opts], opts.consume ? [dat.buffer] : []);
      return function() {
        w.terminate();
      };
    };
    var astrm = function(strm) {
      strm.ondata = function(dat, final) {
        return postMessage([dat, final], [dat.buffer]);
      };
      return function(ev) {
        if (ev.data[0]) {
          strm.push(ev.data[0], ev.data[1]);
          postMessage([ev.data[0].length]);
        } else
          strm.flush(ev.data[1]);
      };
    };
    var astrmify = function(fns, strm, opts, init, id, flush, ext) {
      var t;
      var w = wrkr(fns, init, id, function(err3, dat) {
        if (err3)
          w.terminate(), strm.ondata.call(strm, err3);
        else if (!Array.isArray(dat))
          ext(dat);
        else if (dat.length == 1) {
          strm.queuedSize -= dat[0];
          if (strm.ondrain)
            strm.ondrain(dat[0]);
        } else {
          if (dat[1])
            w.terminate();
          strm.ondata.call(strm, err3, dat[0], dat[1]);
        }
      });
      w.postMessage(opts);
      strm.queuedSize = 0;
      strm.push = function(d, f) {
        if (!strm.ondata)
          err2(5);
        if (t)
          strm.ondata(err2(4, 0, 1), null, !!f);
        strm.queuedSize += d.length;
        w.postMessage([d, t = f], d.buffer instanceof ArrayBuffer ? [d.buffer] : []);
      };
      strm.terminate = function() {
        w.terminate();
      };
      if (flush) {
        strm.flush = function(sync) {
          w.postMessage([0, sync]);
        };
      }
    };
    var b2 = function(d, b) {
      return d[b] | d[b + 1] << 8;
    };
    var b4 = function(d, b) {
      return (d[b] | d[b + 1] << 8 | d[b + 2] << 16 | d[b + 3] << 24) >>> 0;
    };
    var b8 = function(d, b) {
      return b4(d, b) + b4(d, b + 4) * 4294967296;
    };
    var wbytes = function(d, b, v) {
      for (; v; ++b)
        d[b] = v, v >>>= 8;
    };
    var gzh = function(c, o) {
      var fn = o.filename;
      c[0] = 31, c[1] = 139, c[2] = 8, c[8] = o.level < 2 ? 4 : o.level == 9 ? 2 : 0, c[9] = 3;
      if (o.mtime != 0)
        wbytes(c, 4, Math.floor(new Date(o.mtime || Date.now()) / 1e3));
      if (fn) {
        c[3] = 8;
        for (var i3 = 0; i3 <= fn.length; ++i3)
          c[i3 + 10] = fn.charCodeAt(i3);
      }
    };
    var gzs2 = function(d) {
      if (d[0] != 31 || d[1] != 139 || d[2] != 8)
        err2(6, "invalid gzip data");
      var flg = d[3];
      var st = 10;
      if (flg & 4)
        st += (d[10] | d[11] << 8) + 2;
      for (var zs = (flg >> 3 & 1) + (flg >> 4 & 1); zs > 0; zs -= !d[st++])
        ;
      return st + (flg & 2);
    };
    var gzl2 = function(d) {
      var l = d.length;
      return (d[l - 4] | d[l - 3] << 8 | d[l - 2] << 16 | d[l - 1] << 24) >>> 0;
    };
    var gzhl = function(o) {
      return 10 + (o.filename ? o.filename.length + 1 : 0);
    };
    var zlh = function(c, o) {
      var lv = o.level, fl3 = lv == 0 ? 0 : lv < 6 ? 1 : lv == 9 ? 3 : 2;
      c[0] = 120, c[1] = fl3 << 6 | (o.dictionary && 32);
      c[1] |= 31 - (c[0] << 8 | c[1]) % 31;
      if (o.dictionary) {
        var h = adler();
        h.p(o.dictionary);
        wbytes(c, 2, h.d());
      }
    };
    var zls = function(d, dict) {
      if ((d[0] & 15) != 8 || d[0] >> 4 > 7 || (d[0] << 8 | d[1]) % 31)
        err2(6, "invalid zlib data");
      if ((d[1] >> 5 & 1) == +!dict)
        err2(6, "invalid zlib data: " + (d[1] & 32 ? "need" : "unexpected") + " dictionary");
      return (d[1] >> 3 & 4) + 2;
    };
    function StrmOpt(opts, cb) {
      if (typeof opts == "function")
        cb = opts, opts = {};
      this.ondata = cb;
      return opts;
    }
    var Deflate = /* @__PURE__ */ (function() {
      function Deflate2(opts, cb) {
        if (typeof opts == "function")
          cb = opts, opts = {};
        this.ondata = cb;
        this.o = opts || {};
        this.s = { l: 0, i: 32768, w: 32768, z: 32768 };
        this.b = new u82(98304);
        if (this.o.dictionary) {
          var dict = this.o.dictionary.subarray(-32768);
          this.b.set(dict, 32768 - dict.length);
          this.s.i = 32768 - dict.length;
        }
      }
      Deflate2.prototype.p = function(c, f) {
        this.ondata(dopt(c, this.o, 0, 0, this.s), f);
      };
      Deflate2.prototype.push = function(chunk, final) {
        if (!this.ondata)
          err2(5);
        if (this.s.l)
          err2(4);
        var endLen = chunk.length + this.s.z;
        if (endLen > this.b.length) {
          if (endLen > 2 * this.b.length - 32768) {
            var newBuf = new u82(endLen & -32768);
            newBuf.set(this.b.subarray(0, this.s.z));
            this.b = newBuf;
          }
          var split = this.b.length - this.s.z;
          this.b.set(chunk.subarray(0, split), this.s.z);
          this.s.z = this.b.length;
          this.p(this.b, false);
          this.b.set(this.b.subarray(-32768));
          this.b.set(chunk.subarray(split), 32768);
          this.s.z = chunk.length - split + 32768;
          this.s.i = 32766, this.s.w = 32768;
        } else {
          this.b.set(chunk, this.s.z);
          this.s.z += chunk.length;
        }
        this.s.l = final & 1;
        if (this.s.z > this.s.w + 8191 || final) {
          this.p(this.b, final || false);
          this.s.w = this.s.i, this.s.i -= 2;
        }
        if (final) {
          this.s = this.o = {};
          this.b = et2;
        }
      };
      Deflate2.prototype.flush = function(sync) {
        if (!this.ondata)
          err2(5);
        if (this.s.l)
          err2(4);
        this.p(this.b, false);
        this.s.w = this.s.i, this.s.i -= 2;
        if (sync) {
          var c = new u82(6);
          c[0] = this.s.r >> 3;
          var ep = wfblk(c, this.s.r, et2);
          this.s.r = 0;
          this.ondata(c.subarray(0, ep >> 3), false);
        }
      };
      return Deflate2;
    })();
    exports2.Deflate = Deflate;
    var AsyncDeflate = /* @__PURE__ */ (function() {
      function AsyncDeflate2(opts, cb) {
        astrmify([
          bDflt,
          function() {
            return [astrm, Deflate];
          }
        ], this, StrmOpt.call(this, opts, cb), function(ev) {
          var strm = new Deflate(ev.data);
          onmessage = astrm(strm);
        }, 6, 1);
      }
      return AsyncDeflate2;
    })();
    exports2.AsyncDeflate = AsyncDeflate;
    function deflate(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      return cbify(data, opts, [
        bDflt
      ], function(ev) {
        return pbf(deflateSync(ev.data[0], ev.data[1]));
      }, 0, cb);
    }
    function deflateSync(data, opts) {
      return dopt(data, opts || {}, 0, 0);
    }
    var Inflate = /* @__PURE__ */ (function() {
      function Inflate2(opts, cb) {
        if (typeof opts == "function")
          cb = opts, opts = {};
        this.ondata = cb;
        var dict = opts && opts.dictionary && opts.dictionary.subarray(-32768);
        this.s = { i: 0, b: dict ? dict.length : 0 };
        this.o = new u82(32768);
        this.p = new u82(0);
        if (dict)
          this.o.set(dict);
      }
      Inflate2.prototype.e = function(c) {
        if (!this.ondata)
          err2(5);
        if (this.d)
          err2(4);
        if (!this.p.length)
          this.p = c;
        else if (c.length) {
          var n = new u82(this.p.length + c.length);
          n.set(this.p), n.set(c, this.p.length), this.p = n;
        }
      };
      Inflate2.prototype.c = function(final) {
        this.s.i = +(this.d = final || false);
        var bts = this.s.b;
        var dt = inflt2(this.p, this.s, this.o);
        this.ondata(slc2(dt, bts, this.s.b), this.d);
        this.o = slc2(dt, this.s.b - 32768), this.s.b = this.o.length;
        this.p = slc2(this.p, this.s.p / 8 | 0), this.s.p &= 7;
      };
      Inflate2.prototype.push = function(chunk, final) {
        this.e(chunk), this.c(final);
      };
      return Inflate2;
    })();
    exports2.Inflate = Inflate;
    var AsyncInflate = /* @__PURE__ */ (function() {
      function AsyncInflate2(opts, cb) {
        astrmify([
          bInflt,
          function() {
            return [astrm, Inflate];
          }
        ], this, StrmOpt.call(this, opts, cb), function(ev) {
          var strm = new Inflate(ev.data);
          onmessage = astrm(strm);
        }, 7, 0);
      }
      return AsyncInflate2;
    })();
    exports2.AsyncInflate = AsyncInflate;
    function inflate2(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      return cbify(data, opts, [
        bInflt
      ], function(ev) {
        return pbf(inflateSync2(ev.data[0], gopt(ev.data[1])));
      }, 1, cb);
    }
    function inflateSync2(data, opts) {
      return inflt2(data, { i: 2 }, opts && opts.out, opts && opts.dictionary);
    }
    var Gzip = /* @__PURE__ */ (function() {
      function Gzip2(opts, cb) {
        this.c = crc();
        this.l = 0;
        this.v = 1;
        Deflate.call(this, opts, cb);
      }
      Gzip2.prototype.push = function(chunk, final) {
        this.c.p(chunk);
        this.l += chunk.length;
        Deflate.prototype.push.call(this, chunk, final);
      };
      Gzip2.prototype.p = function(c, f) {
        var raw = dopt(c, this.o, this.v && gzhl(this.o), f && 8, this.s);
        if (this.v)
          gzh(raw, this.o), this.v = 0;
        if (f)
          wbytes(raw, raw.length - 8, this.c.d()), wbytes(raw, raw.length - 4, this.l);
        this.ondata(raw, f);
      };
      Gzip2.prototype.flush = function(sync) {
        Deflate.prototype.flush.call(this, sync);
      };
      return Gzip2;
    })();
    exports2.Gzip = Gzip;
    exports2.Compress = Gzip;
    var AsyncGzip = /* @__PURE__ */ (function() {
      function AsyncGzip2(opts, cb) {
        astrmify([
          bDflt,
          gze,
          function() {
            return [astrm, Deflate, Gzip];
          }
        ], this, StrmOpt.call(this, opts, cb), function(ev) {
          var strm = new Gzip(ev.data);
          onmessage = astrm(strm);
        }, 8, 1);
      }
      return AsyncGzip2;
    })();
    exports2.AsyncGzip = AsyncGzip;
    exports2.AsyncCompress = AsyncGzip;
    function gzip(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      return cbify(data, opts, [
        bDflt,
        gze,
        function() {
          return [gzipSync];
        }
      ], function(ev) {
        return pbf(gzipSync(ev.data[0], ev.data[1]));
      }, 2, cb);
    }
    function gzipSync(data, opts) {
      if (!opts)
        opts = {};
      var c = crc(), l = data.length;
      c.p(data);
      var d = dopt(data, opts, gzhl(opts), 8), s = d.length;
      return gzh(d, opts), wbytes(d, s - 8, c.d()), wbytes(d, s - 4, l), d;
    }
    var Gunzip = /* @__PURE__ */ (function() {
      function Gunzip2(opts, cb) {
        this.v = 1;
        this.r = 0;
        Inflate.call(this, opts, cb);
      }
      Gunzip2.prototype.push = function(chunk, final) {
        Inflate.prototype.e.call(this, chunk);
        this.r += chunk.length;
        if (this.v) {
          var p = this.p.subarray(this.v - 1);
          var s = p.length > 3 ? gzs2(p) : 4;
          if (s > p.length) {
            if (!final)
              return;
          } else if (this.v > 1 && this.onmember) {
            this.onmember(this.r - p.length);
          }
          this.p = p.subarray(s), this.v = 0;
        }
        Inflate.prototype.c.call(this, 0);
        if (this.s.f && !this.s.l) {
          this.v = shft2(this.s.p) + 9;
          this.s = { i: 0 };
          this.o = new u82(0);
          this.push(new u82(0), final);
        } else if (final) {
          Inflate.prototype.c.call(this, final);
        }
      };
      return Gunzip2;
    })();
    exports2.Gunzip = Gunzip;
    var AsyncGunzip = /* @__PURE__ */ (function() {
      function AsyncGunzip2(opts, cb) {
        var _this = this;
        astrmify([
          bInflt,
          guze,
          function() {
            return [astrm, Inflate, Gunzip];
          }
        ], this, StrmOpt.call(this, opts, cb), function(ev) {
          var strm = new Gunzip(ev.data);
          strm.onmember = function(offset) {
            return postMessage(offset);
          };
          onmessage = astrm(strm);
        }, 9, 0, function(offset) {
          return _this.onmember && _this.onmember(offset);
        });
      }
      return AsyncGunzip2;
    })();
    exports2.AsyncGunzip = AsyncGunzip;
    function gunzip(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      return cbify(data, opts, [
        bInflt,
        guze,
        function() {
          return [gunzipSync2];
        }
      ], function(ev) {
        return pbf(gunzipSync2(ev.data[0], ev.data[1]));
      }, 3, cb);
    }
    function gunzipSync2(data, opts) {
      var st = gzs2(data);
      if (st + 8 > data.length)
        err2(6, "invalid gzip data");
      return inflt2(data.subarray(st, -8), { i: 2 }, opts && opts.out || new u82(gzl2(data)), opts && opts.dictionary);
    }
    var Zlib = /* @__PURE__ */ (function() {
      function Zlib2(opts, cb) {
        this.c = adler();
        this.v = 1;
        Deflate.call(this, opts, cb);
      }
      Zlib2.prototype.push = function(chunk, final) {
        this.c.p(chunk);
        Deflate.prototype.push.call(this, chunk, final);
      };
      Zlib2.prototype.p = function(c, f) {
        var raw = dopt(c, this.o, this.v && (this.o.dictionary ? 6 : 2), f && 4, this.s);
        if (this.v)
          zlh(raw, this.o), this.v = 0;
        if (f)
          wbytes(raw, raw.length - 4, this.c.d());
        this.ondata(raw, f);
      };
      Zlib2.prototype.flush = function(sync) {
        Deflate.prototype.flush.call(this, sync);
      };
      return Zlib2;
    })();
    exports2.Zlib = Zlib;
    var AsyncZlib = /* @__PURE__ */ (function() {
      function AsyncZlib2(opts, cb) {
        astrmify([
          bDflt,
          zle,
          function() {
            return [astrm, Deflate, Zlib];
          }
        ], this, StrmOpt.call(this, opts, cb), function(ev) {
          var strm = new Zlib(ev.data);
          onmessage = astrm(strm);
        }, 10, 1);
      }
      return AsyncZlib2;
    })();
    exports2.AsyncZlib = AsyncZlib;
    function zlib(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      return cbify(data, opts, [
        bDflt,
        zle,
        function() {
          return [zlibSync];
        }
      ], function(ev) {
        return pbf(zlibSync(ev.data[0], ev.data[1]));
      }, 4, cb);
    }
    function zlibSync(data, opts) {
      if (!opts)
        opts = {};
      var a = adler();
      a.p(data);
      var d = dopt(data, opts, opts.dictionary ? 6 : 2, 4);
      return zlh(d, opts), wbytes(d, d.length - 4, a.d()), d;
    }
    var Unzlib = /* @__PURE__ */ (function() {
      function Unzlib2(opts, cb) {
        Inflate.call(this, opts, cb);
        this.v = opts && opts.dictionary ? 2 : 1;
      }
      Unzlib2.prototype.push = function(chunk, final) {
        Inflate.prototype.e.call(this, chunk);
        if (this.v) {
          if (this.p.length < 6 && !final)
            return;
          this.p = this.p.subarray(zls(this.p, this.v - 1)), this.v = 0;
        }
        if (final) {
          if (this.p.length < 4)
            err2(6, "invalid zlib data");
          this.p = this.p.subarray(0, -4);
        }
        Inflate.prototype.c.call(this, final);
      };
      return Unzlib2;
    })();
    exports2.Unzlib = Unzlib;
    var AsyncUnzlib = /* @__PURE__ */ (function() {
      function AsyncUnzlib2(opts, cb) {
        astrmify([
          bInflt,
          zule,
          function() {
            return [astrm, Inflate, Unzlib];
          }
        ], this, StrmOpt.call(this, opts, cb), function(ev) {
          var strm = new Unzlib(ev.data);
          onmessage = astrm(strm);
        }, 11, 0);
      }
      return AsyncUnzlib2;
    })();
    exports2.AsyncUnzlib = AsyncUnzlib;
    function unzlib(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      return cbify(data, opts, [
        bInflt,
        zule,
        function() {
          return [unzlibSync];
        }
      ], function(ev) {
        return pbf(unzlibSync(ev.data[0], gopt(ev.data[1])));
      }, 5, cb);
    }
    function unzlibSync(data, opts) {
      return inflt2(data.subarray(zls(data, opts && opts.dictionary), -4), { i: 2 }, opts && opts.out, opts && opts.dictionary);
    }
    var Decompress = /* @__PURE__ */ (function() {
      function Decompress2(opts, cb) {
        this.o = StrmOpt.call(this, opts, cb) || {};
        this.G = Gunzip;
        this.I = Inflate;
        this.Z = Unzlib;
      }
      Decompress2.prototype.i = function() {
        var _this = this;
        this.s.ondata = function(dat, final) {
          _this.ondata(dat, final);
        };
      };
      Decompress2.prototype.push = function(chunk, final) {
        if (!this.ondata)
          err2(5);
        if (!this.s) {
          if (this.p && this.p.length) {
            var n = new u82(this.p.length + chunk.length);
            n.set(this.p), n.set(chunk, this.p.length);
          } else
            this.p = chunk;
          if (this.p.length > 2) {
            this.s = this.p[0] == 31 && this.p[1] == 139 && this.p[2] == 8 ? new this.G(this.o) : (this.p[0] & 15) != 8 || this.p[0] >> 4 > 7 || (this.p[0] << 8 | this.p[1]) % 31 ? new this.I(this.o) : new this.Z(this.o);
            this.i();
            this.s.push(this.p, final);
            this.p = null;
          }
        } else
          this.s.push(chunk, final);
      };
      return Decompress2;
    })();
    exports2.Decompress = Decompress;
    var AsyncDecompress = /* @__PURE__ */ (function() {
      function AsyncDecompress2(opts, cb) {
        Decompress.call(this, opts, cb);
        this.queuedSize = 0;
        this.G = AsyncGunzip;
        this.I = AsyncInflate;
        this.Z = AsyncUnzlib;
      }
      AsyncDecompress2.prototype.i = function() {
        var _this = this;
        this.s.ondata = function(err3, dat, final) {
          _this.ondata(err3, dat, final);
        };
        this.s.ondrain = function(size) {
          _this.queuedSize -= size;
          if (_this.ondrain)
            _this.ondrain(size);
        };
      };
      AsyncDecompress2.prototype.push = function(chunk, final) {
        this.queuedSize += chunk.length;
        Decompress.prototype.push.call(this, chunk, final);
      };
      return AsyncDecompress2;
    })();
    exports2.AsyncDecompress = AsyncDecompress;
    function decompress(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      return data[0] == 31 && data[1] == 139 && data[2] == 8 ? gunzip(data, opts, cb) : (data[0] & 15) != 8 || data[0] >> 4 > 7 || (data[0] << 8 | data[1]) % 31 ? inflate2(data, opts, cb) : unzlib(data, opts, cb);
    }
    function decompressSync(data, opts) {
      return data[0] == 31 && data[1] == 139 && data[2] == 8 ? gunzipSync2(data, opts) : (data[0] & 15) != 8 || data[0] >> 4 > 7 || (data[0] << 8 | data[1]) % 31 ? inflateSync2(data, opts) : unzlibSync(data, opts);
    }
    var fltn = function(d, p, t, o) {
      for (var k in d) {
        var val = d[k], n = p + k, op = o;
        if (Array.isArray(val))
          op = mrg(o, val[1]), val = val[0];
        if (ArrayBuffer.isView(val))
          t[n] = [val, op];
        else {
          t[n += "/"] = [new u82(0), op];
          fltn(val, n, t, o);
        }
      }
    };
    var te = typeof TextEncoder != "undefined" && /* @__PURE__ */ new TextEncoder();
    var td2 = typeof TextDecoder != "undefined" && /* @__PURE__ */ new TextDecoder();
    var tds2 = 0;
    try {
      td2.decode(et2, { stream: true });
      tds2 = 1;
    } catch (e) {
    }
    var dutf8 = function(d) {
      for (var r = "", i3 = 0; ; ) {
        var c = d[i3++];
        var eb = (c > 127) + (c > 223) + (c > 239);
        if (i3 + eb > d.length)
          return { s: r, r: slc2(d, i3 - 1) };
        if (!eb)
          r += String.fromCharCode(c);
        else if (eb == 3) {
          c = ((c & 15) << 18 | (d[i3++] & 63) << 12 | (d[i3++] & 63) << 6 | d[i3++] & 63) - 65536, r += String.fromCharCode(55296 | c >> 10, 56320 | c & 1023);
        } else if (eb & 1)
          r += String.fromCharCode((c & 31) << 6 | d[i3++] & 63);
        else
          r += String.fromCharCode((c & 15) << 12 | (d[i3++] & 63) << 6 | d[i3++] & 63);
      }
    };
    var DecodeUTF8 = /* @__PURE__ */ (function() {
      function DecodeUTF82(cb) {
        this.ondata = cb;
        if (tds2)
          this.t = new TextDecoder();
        else
          this.p = et2;
      }
      DecodeUTF82.prototype.push = function(chunk, final) {
        if (!this.ondata)
          err2(5);
        final = !!final;
        if (this.t) {
          this.ondata(this.t.decode(chunk, { stream: true }), final);
          if (final) {
            if (this.t.decode().length)
              err2(8);
            this.t = null;
          }
          return;
        }
        if (!this.p)
          err2(4);
        var dat = new u82(this.p.length + chunk.length);
        dat.set(this.p);
        dat.set(chunk, this.p.length);
        var _a3 = dutf8(dat), s = _a3.s, r = _a3.r;
        if (final) {
          if (r.length)
            err2(8);
          this.p = null;
        } else
          this.p = r;
        this.ondata(s, final);
      };
      return DecodeUTF82;
    })();
    exports2.DecodeUTF8 = DecodeUTF8;
    var EncodeUTF8 = /* @__PURE__ */ (function() {
      function EncodeUTF82(cb) {
        this.ondata = cb;
      }
      EncodeUTF82.prototype.push = function(chunk, final) {
        if (!this.ondata)
          err2(5);
        if (this.d)
          err2(4);
        this.ondata(strToU8(chunk), this.d = final || false);
      };
      return EncodeUTF82;
    })();
    exports2.EncodeUTF8 = EncodeUTF8;
    function strToU8(str, latin1) {
      if (latin1) {
        var ar_1 = new u82(str.length);
        for (var i3 = 0; i3 < str.length; ++i3)
          ar_1[i3] = str.charCodeAt(i3);
        return ar_1;
      }
      if (te)
        return te.encode(str);
      var l = str.length;
      var ar = new u82(str.length + (str.length >> 1));
      var ai = 0;
      var w = function(v) {
        ar[ai++] = v;
      };
      for (var i3 = 0; i3 < l; ++i3) {
        if (ai + 5 > ar.length) {
          var n = new u82(ai + 8 + (l - i3 << 1));
          n.set(ar);
          ar = n;
        }
        var c = str.charCodeAt(i3);
        if (c < 128 || latin1)
          w(c);
        else if (c < 2048)
          w(192 | c >> 6), w(128 | c & 63);
        else if (c > 55295 && c < 57344)
          c = 65536 + (c & 1023 << 10) | str.charCodeAt(++i3) & 1023, w(240 | c >> 18), w(128 | c >> 12 & 63), w(128 | c >> 6 & 63), w(128 | c & 63);
        else
          w(224 | c >> 12), w(128 | c >> 6 & 63), w(128 | c & 63);
      }
      return slc2(ar, 0, ai);
    }
    function strFromU8(dat, latin1) {
      if (latin1) {
        var r = "";
        for (var i3 = 0; i3 < dat.length; i3 += 16384)
          r += String.fromCharCode.apply(null, dat.subarray(i3, i3 + 16384));
        return r;
      } else if (td2) {
        return td2.decode(dat);
      } else {
        var _a3 = dutf8(dat), s = _a3.s, r = _a3.r;
        if (r.length)
          err2(8);
        return s;
      }
    }
    var dbf = function(l) {
      return l == 1 ? 3 : l < 6 ? 2 : l == 9 ? 1 : 0;
    };
    var slzh = function(d, b) {
      return b + 30 + b2(d, b + 26) + b2(d, b + 28);
    };
    var zh = function(d, b, z) {
      var fnl = b2(d, b + 28), efl = b2(d, b + 30), fn = strFromU8(d.subarray(b + 46, b + 46 + fnl), !(b2(d, b + 8) & 2048)), es = b + 46 + fnl;
      var _a3 = z64hs(d, es, efl, z, b4(d, b + 20), b4(d, b + 24), b4(d, b + 42)), sc = _a3[0], su = _a3[1], off = _a3[2];
      return [b2(d, b + 10), sc, su, fn, es + efl + b2(d, b + 32), off];
    };
    var z64hs = function(d, b, l, z, sc, su, off) {
      var nsc = sc == 4294967295, nsu = su == 4294967295, noff = off == 4294967295, e = b + l;
      var nf = nsc + nsu + noff;
      if (z && nf) {
        for (; b + 4 < e; b += 4 + b2(d, b + 2)) {
          if (b2(d, b) == 1) {
            return [
              nsc ? b8(d, b + 4 + 8 * nsu) : sc,
              nsu ? b8(d, b + 4) : su,
              noff ? b8(d, b + 4 + 8 * (nsu + nsc)) : off,
              1
            ];
          }
        }
        if (z < 2)
          err2(13);
      }
      return [sc, su, off, 0];
    };
    var exfl = function(ex) {
      var le = 0;
      if (ex) {
        for (var k in ex) {
          var l = ex[k].length;
          if (l > 65535)
            err2(9);
          le += l + 4;
        }
      }
      return le;
    };
    var wzh = function(d, b, f, fn, u, c, ce, co) {
      var fl3 = fn.length, ex = f.extra, col = co && co.length;
      var exl = exfl(ex);
      wbytes(d, b, ce != null ? 33639248 : 67324752), b += 4;
      if (ce != null)
        d[b++] = 20, d[b++] = f.os;
      d[b] = 20, b += 2;
      d[b++] = f.flag << 1 | (c < 0 && 8), d[b++] = u && 8;
      d[b++] = f.compression & 255, d[b++] = f.compression >> 8;
      var dt = new Date(f.mtime == null ? Date.now() : f.mtime), y = dt.getFullYear() - 1980;
      if (y < 0 || y > 119)
        err2(10);
      wbytes(d, b, y << 25 | dt.getMonth() + 1 << 21 | dt.getDate() << 16 | dt.getHours() << 11 | dt.getMinutes() << 5 | dt.getSeconds() >> 1), b += 4;
      if (c != -1) {
        wbytes(d, b, f.crc);
        wbytes(d, b + 4, c < 0 ? -c - 2 : c);
        wbytes(d, b + 8, f.size);
      }
      wbytes(d, b + 12, fl3);
      wbytes(d, b + 14, exl), b += 16;
      if (ce != null) {
        wbytes(d, b, col);
        wbytes(d, b + 6, f.attrs);
        wbytes(d, b + 10, ce), b += 14;
      }
      d.set(fn, b);
      b += fl3;
      if (exl) {
        for (var k in ex) {
          var exf = ex[k], l = exf.length;
          wbytes(d, b, +k);
          wbytes(d, b + 2, l);
          d.set(exf, b + 4), b += 4 + l;
        }
      }
      if (col)
        d.set(co, b), b += col;
      return b;
    };
    var wzf = function(o, b, c, d, e) {
      wbytes(o, b, 101010256);
      wbytes(o, b + 8, c);
      wbytes(o, b + 10, c);
      wbytes(o, b + 12, d);
      wbytes(o, b + 16, e);
    };
    var ZipPassThrough = /* @__PURE__ */ (function() {
      function ZipPassThrough2(filename) {
        this.filename = filename;
        this.c = crc();
        this.size = 0;
        this.compression = 0;
      }
      ZipPassThrough2.prototype.process = function(chunk, final) {
        this.ondata(null, chunk, final);
      };
      ZipPassThrough2.prototype.push = function(chunk, final) {
        if (!this.ondata)
          err2(5);
        this.c.p(chunk);
        this.size += chunk.length;
        if (final)
          this.crc = this.c.d();
        this.process(chunk, final || false);
      };
      return ZipPassThrough2;
    })();
    exports2.ZipPassThrough = ZipPassThrough;
    var ZipDeflate = /* @__PURE__ */ (function() {
      function ZipDeflate2(filename, opts) {
        var _this = this;
        if (!opts)
          opts = {};
        ZipPassThrough.call(this, filename);
        this.d = new Deflate(opts, function(dat, final) {
          _this.ondata(null, dat, final);
        });
        this.compression = 8;
        this.flag = dbf(opts.level);
      }
      ZipDeflate2.prototype.process = function(chunk, final) {
        try {
          this.d.push(chunk, final);
        } catch (e) {
          this.ondata(e, null, final);
        }
      };
      ZipDeflate2.prototype.push = function(chunk, final) {
        ZipPassThrough.prototype.push.call(this, chunk, final);
      };
      return ZipDeflate2;
    })();
    exports2.ZipDeflate = ZipDeflate;
    var AsyncZipDeflate = /* @__PURE__ */ (function() {
      function AsyncZipDeflate2(filename, opts) {
        var _this = this;
        if (!opts)
          opts = {};
        ZipPassThrough.call(this, filename);
        this.d = new AsyncDeflate(opts, function(err3, dat, final) {
          _this.ondata(err3, dat, final);
        });
        this.compression = 8;
        this.flag = dbf(opts.level);
        this.terminate = this.d.terminate;
      }
      AsyncZipDeflate2.prototype.process = function(chunk, final) {
        this.d.push(chunk, final);
      };
      AsyncZipDeflate2.prototype.push = function(chunk, final) {
        ZipPassThrough.prototype.push.call(this, chunk, final);
      };
      return AsyncZipDeflate2;
    })();
    exports2.AsyncZipDeflate = AsyncZipDeflate;
    var Zip = /* @__PURE__ */ (function() {
      function Zip2(cb) {
        this.ondata = cb;
        this.u = [];
        this.d = 1;
      }
      Zip2.prototype.add = function(file) {
        var _this = this;
        if (!this.ondata)
          err2(5);
        if (this.d & 2)
          this.ondata(err2(4 + (this.d & 1) * 8, 0, 1), null, false);
        else {
          var f = strToU8(file.filename), fl_1 = f.length;
          var com = file.comment, o = com && strToU8(com);
          var u = fl_1 != file.filename.length || o && com.length != o.length;
          var hl_1 = fl_1 + exfl(file.extra) + 30;
          if (fl_1 > 65535)
            this.ondata(err2(11, 0, 1), null, false);
          var header = new u82(hl_1);
          wzh(header, 0, file, f, u, -1);
          var chks_1 = [header];
          var pAll_1 = function() {
            for (var _i = 0, chks_2 = chks_1; _i < chks_2.length; _i++) {
              var chk = chks_2[_i];
              _this.ondata(null, chk, false);
            }
            chks_1 = [];
          };
          var tr_1 = this.d;
          this.d = 0;
          var ind_1 = this.u.length;
          var uf_1 = mrg(file, {
            f,
            u,
            o,
            t: function() {
              if (file.terminate)
                file.terminate();
            },
            r: function() {
              pAll_1();
              if (tr_1) {
                var nxt = _this.u[ind_1 + 1];
                if (nxt)
                  nxt.r();
                else
                  _this.d = 1;
              }
              tr_1 = 1;
            }
          });
          var cl_1 = 0;
          file.ondata = function(err3, dat, final) {
            if (err3) {
              _this.ondata(err3, dat, final);
              _this.terminate();
            } else {
              cl_1 += dat.length;
              chks_1.push(dat);
              if (final) {
                var dd = new u82(16);
                wbytes(dd, 0, 134695760);
                wbytes(dd, 4, file.crc);
                wbytes(dd, 8, cl_1);
                wbytes(dd, 12, file.size);
                chks_1.push(dd);
                uf_1.c = cl_1, uf_1.b = hl_1 + cl_1 + 16, uf_1.crc = file.crc, uf_1.size = file.size;
                if (tr_1)
                  uf_1.r();
                tr_1 = 1;
              } else if (tr_1)
                pAll_1();
            }
          };
          this.u.push(uf_1);
        }
      };
      Zip2.prototype.end = function() {
        var _this = this;
        if (this.d & 2) {
          this.ondata(err2(4 + (this.d & 1) * 8, 0, 1), null, true);
          return;
        }
        if (this.d)
          this.e();
        else
          this.u.push({
            r: function() {
              if (!(_this.d & 1))
                return;
              _this.u.splice(-1, 1);
              _this.e();
            },
            t: function() {
            }
          });
        this.d = 3;
      };
      Zip2.prototype.e = function() {
        var bt = 0, l = 0, tl = 0;
        for (var _i = 0, _a3 = this.u; _i < _a3.length; _i++) {
          var f = _a3[_i];
          tl += 46 + f.f.length + exfl(f.extra) + (f.o ? f.o.length : 0);
        }
        var out = new u82(tl + 22);
        for (var _b3 = 0, _c = this.u; _b3 < _c.length; _b3++) {
          var f = _c[_b3];
          wzh(out, bt, f, f.f, f.u, -f.c - 2, l, f.o);
          bt += 46 + f.f.length + exfl(f.extra) + (f.o ? f.o.length : 0), l += f.b;
        }
        wzf(out, bt, this.u.length, tl, l);
        this.ondata(null, out, true);
        this.d = 2;
      };
      Zip2.prototype.terminate = function() {
        for (var _i = 0, _a3 = this.u; _i < _a3.length; _i++) {
          var f = _a3[_i];
          f.t();
        }
        this.d = 2;
      };
      return Zip2;
    })();
    exports2.Zip = Zip;
    function zip(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      var r = {};
      fltn(data, "", r, opts);
      var k = Object.keys(r);
      var lft = k.length, o = 0, tot = 0;
      var slft = lft, files2 = new Array(lft);
      var term = [];
      var tAll = function() {
        for (var i4 = 0; i4 < term.length; ++i4)
          term[i4]();
      };
      var cbd = function(a, b) {
        mt(function() {
          cb(a, b);
        });
      };
      mt(function() {
        cbd = cb;
      });
      var cbf = function() {
        var out = new u82(tot + 22), oe = o, cdl = tot - o;
        tot = 0;
        for (var i4 = 0; i4 < slft; ++i4) {
          var f = files2[i4];
          try {
            var l = f.c.length;
            wzh(out, tot, f, f.f, f.u, l);
            var badd = 30 + f.f.length + exfl(f.extra);
            var loc = tot + badd;
            out.set(f.c, loc);
            wzh(out, o, f, f.f, f.u, l, tot, f.m), o += 16 + badd + (f.m ? f.m.length : 0), tot = loc + l;
          } catch (e) {
            return cbd(e, null);
          }
        }
        wzf(out, o, files2.length, cdl, oe);
        cbd(null, out);
      };
      if (!lft)
        cbf();
      var _loop_1 = function(i4) {
        var fn = k[i4];
        var _a3 = r[fn], file = _a3[0], p = _a3[1];
        var c = crc(), size = file.length;
        c.p(file);
        var f = strToU8(fn), s = f.length;
        var com = p.comment, m = com && strToU8(com), ms = m && m.length;
        var exl = exfl(p.extra);
        var compression = p.level == 0 ? 0 : 8;
        var cbl = function(e, d) {
          if (e) {
            tAll();
            cbd(e, null);
          } else {
            var l = d.length;
            files2[i4] = mrg(p, {
              size,
              crc: c.d(),
              c: d,
              f,
              m,
              u: s != fn.length || m && com.length != ms,
              compression
            });
            o += 30 + s + exl + l;
            tot += 76 + 2 * (s + exl) + (ms || 0) + l;
            if (!--lft)
              cbf();
          }
        };
        if (s > 65535)
          cbl(err2(11, 0, 1), null);
        if (!compression)
          cbl(null, file);
        else if (size < 16e4) {
          try {
            cbl(null, deflateSync(file, p));
          } catch (e) {
            cbl(e, null);
          }
        } else
          term.push(deflate(file, p, cbl));
      };
      for (var i3 = 0; i3 < slft; ++i3) {
        _loop_1(i3);
      }
      return tAll;
    }
    function zipSync(data, opts) {
      if (!opts)
        opts = {};
      var r = {};
      var files2 = [];
      fltn(data, "", r, opts);
      var o = 0;
      var tot = 0;
      for (var fn in r) {
        var _a3 = r[fn], file = _a3[0], p = _a3[1];
        var compression = p.level == 0 ? 0 : 8;
        var f = strToU8(fn), s = f.length;
        var com = p.comment, m = com && strToU8(com), ms = m && m.length;
        var exl = exfl(p.extra);
        if (s > 65535)
          err2(11);
        var d = compression ? deflateSync(file, p) : file, l = d.length;
        var c = crc();
        c.p(file);
        files2.push(mrg(p, {
          size: file.length,
          crc: c.d(),
          c: d,
          f,
          m,
          u: s != fn.length || m && com.length != ms,
          o,
          compression
        }));
        o += 30 + s + exl + l;
        tot += 76 + 2 * (s + exl) + (ms || 0) + l;
      }
      var out = new u82(tot + 22), oe = o, cdl = tot - o;
      for (var i3 = 0; i3 < files2.length; ++i3) {
        var f = files2[i3];
        wzh(out, f.o, f, f.f, f.u, f.c.length);
        var badd = 30 + f.f.length + exfl(f.extra);
        out.set(f.c, f.o + badd);
        wzh(out, o, f, f.f, f.u, f.c.length, f.o, f.m), o += 16 + badd + (f.m ? f.m.length : 0);
      }
      wzf(out, o, files2.length, cdl, oe);
      return out;
    }
    var UnzipPassThrough = /* @__PURE__ */ (function() {
      function UnzipPassThrough2() {
      }
      UnzipPassThrough2.prototype.push = function(chunk, final) {
        this.ondata(null, chunk, final);
      };
      UnzipPassThrough2.compression = 0;
      return UnzipPassThrough2;
    })();
    exports2.UnzipPassThrough = UnzipPassThrough;
    var UnzipInflate = /* @__PURE__ */ (function() {
      function UnzipInflate2() {
        var _this = this;
        this.i = new Inflate(function(dat, final) {
          _this.ondata(null, dat, final);
        });
      }
      UnzipInflate2.prototype.push = function(chunk, final) {
        try {
          this.i.push(chunk, final);
        } catch (e) {
          this.ondata(e, null, final);
        }
      };
      UnzipInflate2.compression = 8;
      return UnzipInflate2;
    })();
    exports2.UnzipInflate = UnzipInflate;
    var AsyncUnzipInflate = /* @__PURE__ */ (function() {
      function AsyncUnzipInflate2(_, sz) {
        var _this = this;
        if (sz < 32e4) {
          this.i = new Inflate(function(dat, final) {
            _this.ondata(null, dat, final);
          });
        } else {
          this.i = new AsyncInflate(function(err3, dat, final) {
            _this.ondata(err3, dat, final);
          });
          this.terminate = this.i.terminate;
        }
      }
      AsyncUnzipInflate2.prototype.push = function(chunk, final) {
        if (this.i.terminate)
          chunk = slc2(chunk, 0);
        this.i.push(chunk, final);
      };
      AsyncUnzipInflate2.compression = 8;
      return AsyncUnzipInflate2;
    })();
    exports2.AsyncUnzipInflate = AsyncUnzipInflate;
    var Unzip = /* @__PURE__ */ (function() {
      function Unzip2(cb) {
        this.onfile = cb;
        this.k = [];
        this.o = {
          0: UnzipPassThrough
        };
        this.p = et2;
      }
      Unzip2.prototype.push = function(chunk, final) {
        var _this = this;
        if (!this.onfile)
          err2(5);
        if (!this.p)
          err2(4);
        if (this.c > 0) {
          var len = Math.min(this.c, chunk.length);
          var toAdd = chunk.subarray(0, len);
          this.c -= len;
          if (this.d)
            this.d.push(toAdd, !this.c);
          else
            this.k[0].push(toAdd);
          chunk = chunk.subarray(len);
          if (chunk.length)
            return this.push(chunk, final);
        } else {
          var f = 0, i3 = 0, is = void 0, buf = void 0;
          if (!this.p.length)
            buf = chunk;
          else if (!chunk.length)
            buf = this.p;
          else {
            buf = new u82(this.p.length + chunk.length);
            buf.set(this.p), buf.set(chunk, this.p.length);
          }
          var l = buf.length, oc = this.c, add4 = oc && this.d;
          var _loop_2 = function() {
            var sig = b4(buf, i3);
            if (sig == 67324752) {
              f = 1, is = i3;
              this_1.d = null;
              this_1.c = 0;
              var bf = b2(buf, i3 + 6), cmp_1 = b2(buf, i3 + 8), u = bf & 2048, dd = bf & 8, fnl = b2(buf, i3 + 26), es = b2(buf, i3 + 28);
              if (l > i3 + 30 + fnl + es) {
                var chks_3 = [];
                this_1.k.unshift(chks_3);
                f = 2;
                var lsc = b4(buf, i3 + 18), lsu = b4(buf, i3 + 22);
                var fn_1 = strFromU8(buf.subarray(i3 + 30, i3 += 30 + fnl), !u);
                var _a3 = z64hs(buf, i3, es, 2, lsc, lsu, 0), sc_1 = _a3[0], su_1 = _a3[1], z64 = _a3[3];
                if (dd)
                  sc_1 = -1 - z64;
                i3 += es;
                this_1.c = sc_1;
                var d_1;
                var file_1 = {
                  name: fn_1,
                  compression: cmp_1,
                  start: function() {
                    if (!file_1.ondata)
                      err2(5);
                    if (!sc_1)
                      file_1.ondata(null, et2, true);
                    else {
                      var ctr = _this.o[cmp_1];
                      if (!ctr)
                        file_1.ondata(err2(14, "unknown compression type " + cmp_1, 1), null, false);
                      d_1 = sc_1 < 0 ? new ctr(fn_1) : new ctr(fn_1, sc_1, su_1);
                      d_1.ondata = function(err3, dat3, final2) {
                        file_1.ondata(err3, dat3, final2);
                      };
                      for (var _i = 0, chks_4 = chks_3; _i < chks_4.length; _i++) {
                        var dat2 = chks_4[_i];
                        d_1.push(dat2, false);
                      }
                      if (_this.k[0] == chks_3 && _this.c)
                        _this.d = d_1;
                      else
                        d_1.push(et2, true);
                    }
                  },
                  terminate: function() {
                    if (d_1 && d_1.terminate)
                      d_1.terminate();
                  }
                };
                if (sc_1 >= 0)
                  file_1.size = sc_1, file_1.originalSize = su_1;
                this_1.onfile(file_1);
              }
              return "break";
            } else if (oc) {
              if (sig == 134695760) {
                is = i3 += 12 + (oc == -2 && 8), f = 3, this_1.c = 0;
                return "break";
              } else if (sig == 33639248) {
                is = i3 -= 4, f = 3, this_1.c = 0;
                return "break";
              }
            }
          };
          var this_1 = this;
          for (; i3 < l - 4; ++i3) {
            var state_1 = _loop_2();
            if (state_1 === "break")
              break;
          }
          this.p = et2;
          if (oc < 0) {
            var dat = f ? buf.subarray(0, is - 12 - (oc == -2 && 8) - (b4(buf, is - 16) == 134695760 && 4)) : buf.subarray(0, i3);
            if (add4)
              add4.push(dat, !!f);
            else
              this.k[+(f == 2)].push(dat);
          }
          if (f & 2)
            return this.push(buf.subarray(i3), final);
          this.p = buf.subarray(i3);
        }
        if (final) {
          if (this.c)
            err2(13);
          this.p = null;
        }
      };
      Unzip2.prototype.register = function(decoder) {
        this.o[decoder.compression] = decoder;
      };
      return Unzip2;
    })();
    exports2.Unzip = Unzip;
    var mt = typeof queueMicrotask == "function" ? queueMicrotask : typeof setTimeout == "function" ? setTimeout : function(fn) {
      fn();
    };
    function unzip(data, opts, cb) {
      if (!cb)
        cb = opts, opts = {};
      if (typeof cb != "function")
        err2(7);
      var term = [];
      var tAll = function() {
        for (var i4 = 0; i4 < term.length; ++i4)
          term[i4]();
      };
      var files2 = {};
      var cbd = function(a, b) {
        mt(function() {
          cb(a, b);
        });
      };
      mt(function() {
        cbd = cb;
      });
      var e = data.length - 22;
      for (; b4(data, e) != 101010256; --e) {
        if (!e || data.length - e > 65558) {
          cbd(err2(13, 0, 1), null);
          return tAll;
        }
      }
      ;
      var lft = b2(data, e + 8);
      if (lft) {
        var c = lft;
        var o = b4(data, e + 16);
        var z = b4(data, e - 20) == 117853008;
        if (z) {
          var ze = b4(data, e - 12);
          z = b4(data, ze) == 101075792;
          if (z) {
            c = lft = b4(data, ze + 32);
            o = b4(data, ze + 48);
          }
        }
        var fltr = opts && opts.filter;
        var _loop_3 = function(i4) {
          var _a3 = zh(data, o, z), c_1 = _a3[0], sc = _a3[1], su = _a3[2], fn = _a3[3], no = _a3[4], off = _a3[5], b = slzh(data, off);
          o = no;
          var cbl = function(e2, d) {
            if (e2) {
              tAll();
              cbd(e2, null);
            } else {
              if (d)
                files2[fn] = d;
              if (!--lft)
                cbd(null, files2);
            }
          };
          if (!fltr || fltr({
            name: fn,
            size: sc,
            originalSize: su,
            compression: c_1
          })) {
            if (!c_1)
              cbl(null, slc2(data, b, b + sc));
            else if (c_1 == 8) {
              var infl = data.subarray(b, b + sc);
              if (su < 524288 || sc > 0.8 * su) {
                try {
                  cbl(null, inflateSync2(infl, { out: new u82(su) }));
                } catch (e2) {
                  cbl(e2, null);
                }
              } else
                term.push(inflate2(infl, { size: su }, cbl));
            } else
              cbl(err2(14, "unknown compression type " + c_1, 1), null);
          } else
            cbl(null, null);
        };
        for (var i3 = 0; i3 < c; ++i3) {
          _loop_3(i3);
        }
      } else
        cbd(null, {});
      return tAll;
    }
    function unzipSync(data, opts) {
      var files2 = {};
      var e = data.length - 22;
      for (; b4(data, e) != 101010256; --e) {
        if (!e || data.length - e > 65558)
          err2(13);
      }
      ;
      var c = b2(data, e + 8);
      if (!c)
        return {};
      var o = b4(data, e + 16);
      var z = b4(data, e - 20) == 117853008;
      if (z) {
        var ze = b4(data, e - 12);
        z = b4(data, ze) == 101075792;
        if (z) {
          c = b4(data, ze + 32);
          o = b4(data, ze + 48);
        }
      }
      var fltr = opts && opts.filter;
      for (var i3 = 0; i3 < c; ++i3) {
        var _a3 = zh(data, o, z), c_2 = _a3[0], sc = _a3[1], su = _a3[2], fn = _a3[3], no = _a3[4], off = _a3[5], b = slzh(data, off);
        o = no;
        if (!fltr || fltr({
          name: fn,
          size: sc,
          originalSize: su,
          compression: c_2
        })) {
          if (!c_2)
            files2[fn] = slc2(data, b, b + sc);
          else if (c_2 == 8)
            files2[fn] = inflateSync2(data.subarray(b, b + sc), { out: new u82(su) });
          else
            err2(14, "unknown compression type " + c_2);
        }
      }
      return files2;
    }
  }
});

// ../../node_modules/nifti-reader-js/dist/src/nifti-extension.js
var require_nifti_extension = __commonJS({
  "../../node_modules/nifti-reader-js/dist/src/nifti-extension.js"(exports2) {
    "use strict";
    Object.defineProperty(exports2, "__esModule", { value: true });
    exports2.NIFTIEXTENSION = void 0;
    var NIFTIEXTENSION = class {
      esize;
      ecode;
      edata;
      littleEndian;
      constructor(esize, ecode, edata, littleEndian) {
        if (esize % 16 != 0) {
          throw new Error("This does not appear to be a NIFTI extension");
        }
        this.esize = esize;
        this.ecode = ecode;
        this.edata = edata;
        this.littleEndian = littleEndian;
      }
      /**
       * Returns extension as ArrayBuffer.
       * @returns {ArrayBuffer}
       */
      toArrayBuffer() {
        let byteArray = new Uint8Array(this.esize);
        let data = new Uint8Array(this.edata);
        byteArray.set(data, 8);
        let view = new DataView(byteArray.buffer);
        view.setInt32(0, this.esize, this.littleEndian);
        view.setInt32(4, this.ecode, this.littleEndian);
        return byteArray.buffer;
      }
    };
    exports2.NIFTIEXTENSION = NIFTIEXTENSION;
  }
});

// ../../node_modules/nifti-reader-js/dist/src/utilities.js
var require_utilities = __commonJS({
  "../../node_modules/nifti-reader-js/dist/src/utilities.js"(exports2) {
    "use strict";
    Object.defineProperty(exports2, "__esModule", { value: true });
    exports2.Utils = void 0;
    var nifti_extension_1 = require_nifti_extension();
    var Utils2 = class _Utils {
      /*** Static Pseudo-constants ***/
      static crcTable = null;
      static GUNZIP_MAGIC_COOKIE1 = 31;
      static GUNZIP_MAGIC_COOKIE2 = 139;
      /*** Static methods ***/
      static getStringAt(data, start, end) {
        var str = "", ctr, ch;
        for (ctr = start; ctr < end; ctr += 1) {
          ch = data.getUint8(ctr);
          if (ch !== 0) {
            str += String.fromCharCode(ch);
          }
        }
        return str;
      }
      static getByteAt = function(data, start) {
        return data.getInt8(start);
      };
      static getShortAt = function(data, start, littleEndian) {
        return data.getInt16(start, littleEndian);
      };
      static getIntAt(data, start, littleEndian) {
        return data.getInt32(start, littleEndian);
      }
      static getFloatAt(data, start, littleEndian) {
        return data.getFloat32(start, littleEndian);
      }
      static getDoubleAt(data, start, littleEndian) {
        return data.getFloat64(start, littleEndian);
      }
      static getLongAt(data, start, littleEndian) {
        var ctr, array2 = [], value = 0;
        for (ctr = 0; ctr < 8; ctr += 1) {
          array2[ctr] = _Utils.getByteAt(data, start + ctr);
        }
        for (ctr = array2.length - 1; ctr >= 0; ctr--) {
          value = value * 256 + array2[ctr];
        }
        return value;
      }
      static getExtensionsAt(data, start, littleEndian, voxOffset) {
        let extensions = [];
        let extensionByteIndex = start;
        while (extensionByteIndex < voxOffset) {
          let extensionLittleEndian = littleEndian;
          let esize = _Utils.getIntAt(data, extensionByteIndex, littleEndian);
          if (!esize) {
            break;
          }
          if (esize + extensionByteIndex > voxOffset) {
            extensionLittleEndian = !extensionLittleEndian;
            esize = _Utils.getIntAt(data, extensionByteIndex, extensionLittleEndian);
            if (esize + extensionByteIndex > voxOffset) {
              throw new Error("This does not appear to be a valid NIFTI extension");
            }
          }
          if (esize % 16 != 0) {
            throw new Error("This does not appear to be a NIFTI extension");
          }
          let ecode = _Utils.getIntAt(data, extensionByteIndex + 4, extensionLittleEndian);
          let edata = data.buffer.slice(extensionByteIndex + 8, extensionByteIndex + esize);
          console.log("extensionByteIndex: " + (extensionByteIndex + 8) + " esize: " + esize);
          console.log(edata);
          let extension = new nifti_extension_1.NIFTIEXTENSION(esize, ecode, edata, extensionLittleEndian);
          extensions.push(extension);
          extensionByteIndex += esize;
        }
        return extensions;
      }
      static toArrayBuffer(buffer) {
        var ab, view, i2;
        ab = new ArrayBuffer(buffer.length);
        view = new Uint8Array(ab);
        for (i2 = 0; i2 < buffer.length; i2 += 1) {
          view[i2] = buffer[i2];
        }
        return ab;
      }
      static isString(obj) {
        return typeof obj === "string" || obj instanceof String;
      }
      static formatNumber(num, shortFormat = void 0) {
        let val;
        if (_Utils.isString(num)) {
          val = Number(num);
        } else {
          val = num;
        }
        if (shortFormat) {
          val = val.toPrecision(5);
        } else {
          val = val.toPrecision(7);
        }
        return parseFloat(val);
      }
      // http://stackoverflow.com/questions/18638900/javascript-crc32
      static makeCRCTable() {
        let c;
        let crcTable2 = [];
        for (var n = 0; n < 256; n++) {
          c = n;
          for (var k = 0; k < 8; k++) {
            c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
          }
          crcTable2[n] = c;
        }
        return crcTable2;
      }
      static crc32(dataView) {
        if (!_Utils.crcTable) {
          _Utils.crcTable = _Utils.makeCRCTable();
        }
        const crcTable2 = _Utils.crcTable;
        let crc = 0 ^ -1;
        for (var i2 = 0; i2 < dataView.byteLength; i2++) {
          crc = crc >>> 8 ^ crcTable2[(crc ^ dataView.getUint8(i2)) & 255];
        }
        return (crc ^ -1) >>> 0;
      }
    };
    exports2.Utils = Utils2;
  }
});

// ../../node_modules/nifti-reader-js/dist/src/nifti1.js
var require_nifti1 = __commonJS({
  "../../node_modules/nifti-reader-js/dist/src/nifti1.js"(exports2) {
    "use strict";
    Object.defineProperty(exports2, "__esModule", { value: true });
    exports2.NIFTI1 = void 0;
    var utilities_1 = require_utilities();
    var NIFTI12 = class _NIFTI1 {
      littleEndian = false;
      dim_info = 0;
      dims = [];
      intent_p1 = 0;
      intent_p2 = 0;
      intent_p3 = 0;
      intent_code = 0;
      datatypeCode = 0;
      numBitsPerVoxel = 0;
      slice_start = 0;
      slice_end = 0;
      slice_code = 0;
      pixDims = [];
      vox_offset = 0;
      scl_slope = 1;
      scl_inter = 0;
      xyzt_units = 0;
      cal_max = 0;
      cal_min = 0;
      slice_duration = 0;
      toffset = 0;
      description = "";
      aux_file = "";
      intent_name = "";
      qform_code = 0;
      sform_code = 0;
      quatern_a = 0;
      quatern_b = 0;
      quatern_c = 0;
      quatern_d = 0;
      qoffset_x = 0;
      qoffset_y = 0;
      qoffset_z = 0;
      affine = [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1]
      ];
      qfac = 1;
      quatern_R;
      magic = "0";
      isHDR = false;
      extensionFlag = [0, 0, 0, 0];
      extensionSize = 0;
      extensionCode = 0;
      extensions = [];
      /*** Static Pseudo-constants ***/
      // datatype codes
      static TYPE_NONE = 0;
      static TYPE_BINARY = 1;
      static TYPE_UINT8 = 2;
      static TYPE_INT16 = 4;
      static TYPE_INT32 = 8;
      static TYPE_FLOAT32 = 16;
      static TYPE_COMPLEX64 = 32;
      static TYPE_FLOAT64 = 64;
      static TYPE_RGB24 = 128;
      static TYPE_INT8 = 256;
      static TYPE_UINT16 = 512;
      static TYPE_UINT32 = 768;
      static TYPE_INT64 = 1024;
      static TYPE_UINT64 = 1280;
      static TYPE_FLOAT128 = 1536;
      static TYPE_COMPLEX128 = 1792;
      static TYPE_COMPLEX256 = 2048;
      // transform codes
      static XFORM_UNKNOWN = 0;
      static XFORM_SCANNER_ANAT = 1;
      static XFORM_ALIGNED_ANAT = 2;
      static XFORM_TALAIRACH = 3;
      static XFORM_MNI_152 = 4;
      // unit codes
      static SPATIAL_UNITS_MASK = 7;
      static TEMPORAL_UNITS_MASK = 56;
      static UNITS_UNKNOWN = 0;
      static UNITS_METER = 1;
      static UNITS_MM = 2;
      static UNITS_MICRON = 3;
      static UNITS_SEC = 8;
      static UNITS_MSEC = 16;
      static UNITS_USEC = 24;
      static UNITS_HZ = 32;
      static UNITS_PPM = 40;
      static UNITS_RADS = 48;
      // nifti1 codes
      static MAGIC_COOKIE = 348;
      static STANDARD_HEADER_SIZE = 348;
      static MAGIC_NUMBER_LOCATION = 344;
      static MAGIC_NUMBER = [110, 43, 49];
      // n+1 (.nii)
      static MAGIC_NUMBER2 = [110, 105, 49];
      // ni1 (.hdr/.img)
      static EXTENSION_HEADER_SIZE = 8;
      /*** Prototype Methods ***/
      /**
       * Reads the header data.
       * @param {ArrayBuffer} data
       */
      readHeader(data) {
        var rawData = new DataView(data), magicCookieVal = utilities_1.Utils.getIntAt(rawData, 0, this.littleEndian), ctr, ctrOut, ctrIn, index;
        if (magicCookieVal !== _NIFTI1.MAGIC_COOKIE) {
          this.littleEndian = true;
          magicCookieVal = utilities_1.Utils.getIntAt(rawData, 0, this.littleEndian);
        }
        if (magicCookieVal !== _NIFTI1.MAGIC_COOKIE) {
          throw new Error("This does not appear to be a NIFTI file!");
        }
        this.dim_info = utilities_1.Utils.getByteAt(rawData, 39);
        for (ctr = 0; ctr < 8; ctr += 1) {
          index = 40 + ctr * 2;
          this.dims[ctr] = utilities_1.Utils.getShortAt(rawData, index, this.littleEndian);
        }
        this.intent_p1 = utilities_1.Utils.getFloatAt(rawData, 56, this.littleEndian);
        this.intent_p2 = utilities_1.Utils.getFloatAt(rawData, 60, this.littleEndian);
        this.intent_p3 = utilities_1.Utils.getFloatAt(rawData, 64, this.littleEndian);
        this.intent_code = utilities_1.Utils.getShortAt(rawData, 68, this.littleEndian);
        this.datatypeCode = utilities_1.Utils.getShortAt(rawData, 70, this.littleEndian);
        this.numBitsPerVoxel = utilities_1.Utils.getShortAt(rawData, 72, this.littleEndian);
        this.slice_start = utilities_1.Utils.getShortAt(rawData, 74, this.littleEndian);
        for (ctr = 0; ctr < 8; ctr += 1) {
          index = 76 + ctr * 4;
          this.pixDims[ctr] = utilities_1.Utils.getFloatAt(rawData, index, this.littleEndian);
        }
        this.vox_offset = utilities_1.Utils.getFloatAt(rawData, 108, this.littleEndian);
        this.scl_slope = utilities_1.Utils.getFloatAt(rawData, 112, this.littleEndian);
        this.scl_inter = utilities_1.Utils.getFloatAt(rawData, 116, this.littleEndian);
        this.slice_end = utilities_1.Utils.getShortAt(rawData, 120, this.littleEndian);
        this.slice_code = utilities_1.Utils.getByteAt(rawData, 122);
        this.xyzt_units = utilities_1.Utils.getByteAt(rawData, 123);
        this.cal_max = utilities_1.Utils.getFloatAt(rawData, 124, this.littleEndian);
        this.cal_min = utilities_1.Utils.getFloatAt(rawData, 128, this.littleEndian);
        this.slice_duration = utilities_1.Utils.getFloatAt(rawData, 132, this.littleEndian);
        this.toffset = utilities_1.Utils.getFloatAt(rawData, 136, this.littleEndian);
        this.description = utilities_1.Utils.getStringAt(rawData, 148, 228);
        this.aux_file = utilities_1.Utils.getStringAt(rawData, 228, 252);
        this.qform_code = utilities_1.Utils.getShortAt(rawData, 252, this.littleEndian);
        this.sform_code = utilities_1.Utils.getShortAt(rawData, 254, this.littleEndian);
        this.quatern_b = utilities_1.Utils.getFloatAt(rawData, 256, this.littleEndian);
        this.quatern_c = utilities_1.Utils.getFloatAt(rawData, 260, this.littleEndian);
        this.quatern_d = utilities_1.Utils.getFloatAt(rawData, 264, this.littleEndian);
        this.quatern_a = Math.sqrt(1 - (Math.pow(this.quatern_b, 2) + Math.pow(this.quatern_c, 2) + Math.pow(this.quatern_d, 2)));
        this.qoffset_x = utilities_1.Utils.getFloatAt(rawData, 268, this.littleEndian);
        this.qoffset_y = utilities_1.Utils.getFloatAt(rawData, 272, this.littleEndian);
        this.qoffset_z = utilities_1.Utils.getFloatAt(rawData, 276, this.littleEndian);
        if (this.qform_code < 1 && this.sform_code < 1) {
          this.affine[0][0] = this.pixDims[1];
          this.affine[1][1] = this.pixDims[2];
          this.affine[2][2] = this.pixDims[3];
        }
        if (this.qform_code > 0 && this.sform_code < this.qform_code) {
          const a = this.quatern_a;
          const b = this.quatern_b;
          const c = this.quatern_c;
          const d = this.quatern_d;
          this.qfac = this.pixDims[0] === 0 ? 1 : this.pixDims[0];
          this.quatern_R = [
            [
              a * a + b * b - c * c - d * d,
              2 * b * c - 2 * a * d,
              2 * b * d + 2 * a * c
            ],
            [
              2 * b * c + 2 * a * d,
              a * a + c * c - b * b - d * d,
              2 * c * d - 2 * a * b
            ],
            [
              2 * b * d - 2 * a * c,
              2 * c * d + 2 * a * b,
              a * a + d * d - c * c - b * b
            ]
          ];
          for (ctrOut = 0; ctrOut < 3; ctrOut += 1) {
            for (ctrIn = 0; ctrIn < 3; ctrIn += 1) {
              this.affine[ctrOut][ctrIn] = this.quatern_R[ctrOut][ctrIn] * this.pixDims[ctrIn + 1];
              if (ctrIn === 2) {
                this.affine[ctrOut][ctrIn] *= this.qfac;
              }
            }
          }
          this.affine[0][3] = this.qoffset_x;
          this.affine[1][3] = this.qoffset_y;
          this.affine[2][3] = this.qoffset_z;
        } else if (this.sform_code > 0) {
          for (ctrOut = 0; ctrOut < 3; ctrOut += 1) {
            for (ctrIn = 0; ctrIn < 4; ctrIn += 1) {
              index = 280 + (ctrOut * 4 + ctrIn) * 4;
              this.affine[ctrOut][ctrIn] = utilities_1.Utils.getFloatAt(rawData, index, this.littleEndian);
            }
          }
        }
        this.affine[3][0] = 0;
        this.affine[3][1] = 0;
        this.affine[3][2] = 0;
        this.affine[3][3] = 1;
        this.intent_name = utilities_1.Utils.getStringAt(rawData, 328, 344);
        this.magic = utilities_1.Utils.getStringAt(rawData, 344, 348);
        this.isHDR = this.magic === String.fromCharCode.apply(null, _NIFTI1.MAGIC_NUMBER2);
        if (rawData.byteLength > _NIFTI1.MAGIC_COOKIE) {
          this.extensionFlag[0] = utilities_1.Utils.getByteAt(rawData, 348);
          this.extensionFlag[1] = utilities_1.Utils.getByteAt(rawData, 348 + 1);
          this.extensionFlag[2] = utilities_1.Utils.getByteAt(rawData, 348 + 2);
          this.extensionFlag[3] = utilities_1.Utils.getByteAt(rawData, 348 + 3);
          let isExtensionCapable = true;
          if (!this.isHDR && this.vox_offset <= 352)
            isExtensionCapable = false;
          if (rawData.byteLength <= 352 + 16)
            isExtensionCapable = false;
          if (isExtensionCapable && this.extensionFlag[0]) {
            this.extensions = utilities_1.Utils.getExtensionsAt(rawData, this.getExtensionLocation(), this.littleEndian, this.vox_offset);
            this.extensionSize = this.extensions[0].esize;
            this.extensionCode = this.extensions[0].ecode;
          }
        }
      }
      /**
       * Returns a formatted string of header fields.
       * @returns {string}
       */
      toFormattedString() {
        var fmt = utilities_1.Utils.formatNumber, string2 = "";
        string2 += "Dim Info = " + this.dim_info + "\n";
        string2 += "Image Dimensions (1-8): " + this.dims[0] + ", " + this.dims[1] + ", " + this.dims[2] + ", " + this.dims[3] + ", " + this.dims[4] + ", " + this.dims[5] + ", " + this.dims[6] + ", " + this.dims[7] + "\n";
        string2 += "Intent Parameters (1-3): " + this.intent_p1 + ", " + this.intent_p2 + ", " + this.intent_p3 + "\n";
        string2 += "Intent Code = " + this.intent_code + "\n";
        string2 += "Datatype = " + this.datatypeCode + " (" + this.getDatatypeCodeString(this.datatypeCode) + ")\n";
        string2 += "Bits Per Voxel = " + this.numBitsPerVoxel + "\n";
        string2 += "Slice Start = " + this.slice_start + "\n";
        string2 += "Voxel Dimensions (1-8): " + fmt(this.pixDims[0]) + ", " + fmt(this.pixDims[1]) + ", " + fmt(this.pixDims[2]) + ", " + fmt(this.pixDims[3]) + ", " + fmt(this.pixDims[4]) + ", " + fmt(this.pixDims[5]) + ", " + fmt(this.pixDims[6]) + ", " + fmt(this.pixDims[7]) + "\n";
        string2 += "Image Offset = " + this.vox_offset + "\n";
        string2 += "Data Scale:  Slope = " + fmt(this.scl_slope) + "  Intercept = " + fmt(this.scl_inter) + "\n";
        string2 += "Slice End = " + this.slice_end + "\n";
        string2 += "Slice Code = " + this.slice_code + "\n";
        string2 += "Units Code = " + this.xyzt_units + " (" + this.getUnitsCodeString(_NIFTI1.SPATIAL_UNITS_MASK & this.xyzt_units) + ", " + this.getUnitsCodeString(_NIFTI1.TEMPORAL_UNITS_MASK & this.xyzt_units) + ")\n";
        string2 += "Display Range:  Max = " + fmt(this.cal_max) + "  Min = " + fmt(this.cal_min) + "\n";
        string2 += "Slice Duration = " + this.slice_duration + "\n";
        string2 += "Time Axis Shift = " + this.toffset + "\n";
        string2 += 'Description: "' + this.description + '"\n';
        string2 += 'Auxiliary File: "' + this.aux_file + '"\n';
        string2 += "Q-Form Code = " + this.qform_code + " (" + this.getTransformCodeString(this.qform_code) + ")\n";
        string2 += "S-Form Code = " + this.sform_code + " (" + this.getTransformCodeString(this.sform_code) + ")\n";
        string2 += "Quaternion Parameters:  b = " + fmt(this.quatern_b) + "  c = " + fmt(this.quatern_c) + "  d = " + fmt(this.quatern_d) + "\n";
        string2 += "Quaternion Offsets:  x = " + this.qoffset_x + "  y = " + this.qoffset_y + "  z = " + this.qoffset_z + "\n";
        string2 += "S-Form Parameters X: " + fmt(this.affine[0][0]) + ", " + fmt(this.affine[0][1]) + ", " + fmt(this.affine[0][2]) + ", " + fmt(this.affine[0][3]) + "\n";
        string2 += "S-Form Parameters Y: " + fmt(this.affine[1][0]) + ", " + fmt(this.affine[1][1]) + ", " + fmt(this.affine[1][2]) + ", " + fmt(this.affine[1][3]) + "\n";
        string2 += "S-Form Parameters Z: " + fmt(this.affine[2][0]) + ", " + fmt(this.affine[2][1]) + ", " + fmt(this.affine[2][2]) + ", " + fmt(this.affine[2][3]) + "\n";
        string2 += 'Intent Name: "' + this.intent_name + '"\n';
        if (this.extensionFlag[0]) {
          string2 += "Extension: Size = " + this.extensionSize + "  Code = " + this.extensionCode + "\n";
        }
        return string2;
      }
      /**
       * Returns a human-readable string of datatype.
       * @param {number} code
       * @returns {string}
       */
      getDatatypeCodeString = function(code) {
        if (code === _NIFTI1.TYPE_UINT8) {
          return "1-Byte Unsigned Integer";
        } else if (code === _NIFTI1.TYPE_INT16) {
          return "2-Byte Signed Integer";
        } else if (code === _NIFTI1.TYPE_INT32) {
          return "4-Byte Signed Integer";
        } else if (code === _NIFTI1.TYPE_FLOAT32) {
          return "4-Byte Float";
        } else if (code === _NIFTI1.TYPE_FLOAT64) {
          return "8-Byte Float";
        } else if (code === _NIFTI1.TYPE_RGB24) {
          return "RGB";
        } else if (code === _NIFTI1.TYPE_INT8) {
          return "1-Byte Signed Integer";
        } else if (code === _NIFTI1.TYPE_UINT16) {
          return "2-Byte Unsigned Integer";
        } else if (code === _NIFTI1.TYPE_UINT32) {
          return "4-Byte Unsigned Integer";
        } else if (code === _NIFTI1.TYPE_INT64) {
          return "8-Byte Signed Integer";
        } else if (code === _NIFTI1.TYPE_UINT64) {
          return "8-Byte Unsigned Integer";
        } else {
          return "Unknown";
        }
      };
      /**
       * Returns a human-readable string of transform type.
       * @param {number} code
       * @returns {string}
       */
      getTransformCodeString = function(code) {
        if (code === _NIFTI1.XFORM_SCANNER_ANAT) {
          return "Scanner";
        } else if (code === _NIFTI1.XFORM_ALIGNED_ANAT) {
          return "Aligned";
        } else if (code === _NIFTI1.XFORM_TALAIRACH) {
          return "Talairach";
        } else if (code === _NIFTI1.XFORM_MNI_152) {
          return "MNI";
        } else {
          return "Unknown";
        }
      };
      /**
       * Returns a human-readable string of spatial and temporal units.
       * @param {number} code
       * @returns {string}
       */
      getUnitsCodeString = function(code) {
        if (code === _NIFTI1.UNITS_METER) {
          return "Meters";
        } else if (code === _NIFTI1.UNITS_MM) {
          return "Millimeters";
        } else if (code === _NIFTI1.UNITS_MICRON) {
          return "Microns";
        } else if (code === _NIFTI1.UNITS_SEC) {
          return "Seconds";
        } else if (code === _NIFTI1.UNITS_MSEC) {
          return "Milliseconds";
        } else if (code === _NIFTI1.UNITS_USEC) {
          return "Microseconds";
        } else if (code === _NIFTI1.UNITS_HZ) {
          return "Hz";
        } else if (code === _NIFTI1.UNITS_PPM) {
          return "PPM";
        } else if (code === _NIFTI1.UNITS_RADS) {
          return "Rads";
        } else {
          return "Unknown";
        }
      };
      /**
       * Returns the qform matrix.
       * @returns {Array.<Array.<number>>}
       */
      getQformMat() {
        return this.convertNiftiQFormToNiftiSForm(this.quatern_b, this.quatern_c, this.quatern_d, this.qoffset_x, this.qoffset_y, this.qoffset_z, this.pixDims[1], this.pixDims[2], this.pixDims[3], this.pixDims[0]);
      }
      /**
       * Converts qform to an affine.  (See http://nifti.nimh.nih.gov/pub/dist/src/niftilib/nifti1_io.c)
       * @param {number} qb
       * @param {number} qc
       * @param {number} qd
       * @param {number} qx
       * @param {number} qy
       * @param {number} qz
       * @param {number} dx
       * @param {number} dy
       * @param {number} dz
       * @param {number} qfac
       * @returns {Array.<Array.<number>>}
       */
      convertNiftiQFormToNiftiSForm(qb, qc, qd, qx, qy, qz, dx, dy, dz, qfac) {
        var R = [
          [0, 0, 0, 0],
          [0, 0, 0, 0],
          [0, 0, 0, 0],
          [0, 0, 0, 0]
        ], a, b = qb, c = qc, d = qd, xd, yd, zd;
        R[3][0] = R[3][1] = R[3][2] = 0;
        R[3][3] = 1;
        a = 1 - (b * b + c * c + d * d);
        if (a < 1e-7) {
          a = 1 / Math.sqrt(b * b + c * c + d * d);
          b *= a;
          c *= a;
          d *= a;
          a = 0;
        } else {
          a = Math.sqrt(a);
        }
        xd = dx > 0 ? dx : 1;
        yd = dy > 0 ? dy : 1;
        zd = dz > 0 ? dz : 1;
        if (qfac < 0) {
          zd = -zd;
        }
        R[0][0] = (a * a + b * b - c * c - d * d) * xd;
        R[0][1] = 2 * (b * c - a * d) * yd;
        R[0][2] = 2 * (b * d + a * c) * zd;
        R[1][0] = 2 * (b * c + a * d) * xd;
        R[1][1] = (a * a + c * c - b * b - d * d) * yd;
        R[1][2] = 2 * (c * d - a * b) * zd;
        R[2][0] = 2 * (b * d - a * c) * xd;
        R[2][1] = 2 * (c * d + a * b) * yd;
        R[2][2] = (a * a + d * d - c * c - b * b) * zd;
        R[0][3] = qx;
        R[1][3] = qy;
        R[2][3] = qz;
        return R;
      }
      /**
       * Converts sform to an orientation string (e.g., XYZ+--).  (See http://nifti.nimh.nih.gov/pub/dist/src/niftilib/nifti1_io.c)
       * @param {Array.<Array.<number>>} R
       * @returns {string}
       */
      convertNiftiSFormToNEMA(R) {
        var xi, xj, xk, yi, yj, yk, zi, zj, zk, val, detQ, detP, i2, j, k, p, q, r, ibest, jbest, kbest, pbest, qbest, rbest, M, vbest, Q, P, iChar, jChar, kChar, iSense, jSense, kSense;
        k = 0;
        Q = [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0]
        ];
        P = [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0]
        ];
        xi = R[0][0];
        xj = R[0][1];
        xk = R[0][2];
        yi = R[1][0];
        yj = R[1][1];
        yk = R[1][2];
        zi = R[2][0];
        zj = R[2][1];
        zk = R[2][2];
        val = Math.sqrt(xi * xi + yi * yi + zi * zi);
        if (val === 0) {
          return null;
        }
        xi /= val;
        yi /= val;
        zi /= val;
        val = Math.sqrt(xj * xj + yj * yj + zj * zj);
        if (val === 0) {
          return null;
        }
        xj /= val;
        yj /= val;
        zj /= val;
        val = xi * xj + yi * yj + zi * zj;
        if (Math.abs(val) > 1e-4) {
          xj -= val * xi;
          yj -= val * yi;
          zj -= val * zi;
          val = Math.sqrt(xj * xj + yj * yj + zj * zj);
          if (val === 0) {
            return null;
          }
          xj /= val;
          yj /= val;
          zj /= val;
        }
        val = Math.sqrt(xk * xk + yk * yk + zk * zk);
        if (val === 0) {
          xk = yi * zj - zi * yj;
          yk = zi * xj - zj * xi;
          zk = xi * yj - yi * xj;
        } else {
          xk /= val;
          yk /= val;
          zk /= val;
        }
        val = xi * xk + yi * yk + zi * zk;
        if (Math.abs(val) > 1e-4) {
          xk -= val * xi;
          yk -= val * yi;
          zk -= val * zi;
          val = Math.sqrt(xk * xk + yk * yk + zk * zk);
          if (val === 0) {
            return null;
          }
          xk /= val;
          yk /= val;
          zk /= val;
        }
        val = xj * xk + yj * yk + zj * zk;
        if (Math.abs(val) > 1e-4) {
          xk -= val * xj;
          yk -= val * yj;
          zk -= val * zj;
          val = Math.sqrt(xk * xk + yk * yk + zk * zk);
          if (val === 0) {
            return null;
          }
          xk /= val;
          yk /= val;
          zk /= val;
        }
        Q[0][0] = xi;
        Q[0][1] = xj;
        Q[0][2] = xk;
        Q[1][0] = yi;
        Q[1][1] = yj;
        Q[1][2] = yk;
        Q[2][0] = zi;
        Q[2][1] = zj;
        Q[2][2] = zk;
        detQ = this.nifti_mat33_determ(Q);
        if (detQ === 0) {
          return null;
        }
        vbest = -666;
        ibest = pbest = qbest = rbest = 1;
        jbest = 2;
        kbest = 3;
        for (i2 = 1; i2 <= 3; i2 += 1) {
          for (j = 1; j <= 3; j += 1) {
            if (i2 !== j) {
              for (k = 1; k <= 3; k += 1) {
                if (!(i2 === k || j === k)) {
                  P[0][0] = P[0][1] = P[0][2] = P[1][0] = P[1][1] = P[1][2] = P[2][0] = P[2][1] = P[2][2] = 0;
                  for (p = -1; p <= 1; p += 2) {
                    for (q = -1; q <= 1; q += 2) {
                      for (r = -1; r <= 1; r += 2) {
                        P[0][i2 - 1] = p;
                        P[1][j - 1] = q;
                        P[2][k - 1] = r;
                        detP = this.nifti_mat33_determ(P);
                        if (detP * detQ > 0) {
                          M = this.nifti_mat33_mul(P, Q);
                          val = M[0][0] + M[1][1] + M[2][2];
                          if (val > vbest) {
                            vbest = val;
                            ibest = i2;
                            jbest = j;
                            kbest = k;
                            pbest = p;
                            qbest = q;
                            rbest = r;
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
        iChar = jChar = kChar = iSense = jSense = kSense = "";
        switch (ibest * pbest) {
          case 1:
            iChar = "X";
            iSense = "+";
            break;
          case -1:
            iChar = "X";
            iSense = "-";
            break;
          case 2:
            iChar = "Y";
            iSense = "+";
            break;
          case -2:
            iChar = "Y";
            iSense = "-";
            break;
          case 3:
            iChar = "Z";
            iSense = "+";
            break;
          case -3:
            iChar = "Z";
            iSense = "-";
            break;
        }
        switch (jbest * qbest) {
          case 1:
            jChar = "X";
            jSense = "+";
            break;
          case -1:
            jChar = "X";
            jSense = "-";
            break;
          case 2:
            jChar = "Y";
            jSense = "+";
            break;
          case -2:
            jChar = "Y";
            jSense = "-";
            break;
          case 3:
            jChar = "Z";
            jSense = "+";
            break;
          case -3:
            jChar = "Z";
            jSense = "-";
            break;
        }
        switch (kbest * rbest) {
          case 1:
            kChar = "X";
            kSense = "+";
            break;
          case -1:
            kChar = "X";
            kSense = "-";
            break;
          case 2:
            kChar = "Y";
            kSense = "+";
            break;
          case -2:
            kChar = "Y";
            kSense = "-";
            break;
          case 3:
            kChar = "Z";
            kSense = "+";
            break;
          case -3:
            kChar = "Z";
            kSense = "-";
            break;
        }
        return iChar + jChar + kChar + iSense + jSense + kSense;
      }
      nifti_mat33_mul = function(A, B) {
        var C = [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0]
        ], i2, j;
        for (i2 = 0; i2 < 3; i2 += 1) {
          for (j = 0; j < 3; j += 1) {
            C[i2][j] = A[i2][0] * B[0][j] + A[i2][1] * B[1][j] + A[i2][2] * B[2][j];
          }
        }
        return C;
      };
      nifti_mat33_determ = function(R) {
        var r11, r12, r13, r21, r22, r23, r31, r32, r33;
        r11 = R[0][0];
        r12 = R[0][1];
        r13 = R[0][2];
        r21 = R[1][0];
        r22 = R[1][1];
        r23 = R[1][2];
        r31 = R[2][0];
        r32 = R[2][1];
        r33 = R[2][2];
        return r11 * r22 * r33 - r11 * r32 * r23 - r21 * r12 * r33 + r21 * r32 * r13 + r31 * r12 * r23 - r31 * r22 * r13;
      };
      /**
       * Returns the byte index of the extension.
       * @returns {number}
       */
      getExtensionLocation() {
        return _NIFTI1.MAGIC_COOKIE + 4;
      }
      /**
       * Returns the extension size.
       * @param {DataView} data
       * @returns {number}
       */
      getExtensionSize(data) {
        return utilities_1.Utils.getIntAt(data, this.getExtensionLocation(), this.littleEndian);
      }
      /**
       * Returns the extension code.
       * @param {DataView} data
       * @returns {number}
       */
      getExtensionCode(data) {
        return utilities_1.Utils.getIntAt(data, this.getExtensionLocation() + 4, this.littleEndian);
      }
      /**
       * Adds an extension
       * @param {NIFTIEXTENSION} extension
       * @param {number} index
       */
      addExtension(extension, index = -1) {
        if (index == -1) {
          this.extensions.push(extension);
        } else {
          this.extensions.splice(index, 0, extension);
        }
        this.vox_offset += extension.esize;
      }
      /**
       * Removes an extension
       * @param {number} index
       */
      removeExtension(index) {
        let extension = this.extensions[index];
        if (extension) {
          this.vox_offset -= extension.esize;
        }
        this.extensions.splice(index, 1);
      }
      /**
       * Returns header as ArrayBuffer.
       * @param {boolean} includeExtensions - should extension bytes be included
       * @returns {ArrayBuffer}
       */
      toArrayBuffer(includeExtensions = false) {
        const SHORT_SIZE = 2;
        const FLOAT32_SIZE = 4;
        let byteSize = 348 + 4;
        if (includeExtensions) {
          for (let extension of this.extensions) {
            byteSize += extension.esize;
          }
        }
        let byteArray = new Uint8Array(byteSize);
        let view = new DataView(byteArray.buffer);
        view.setInt32(0, 348, this.littleEndian);
        view.setUint8(39, this.dim_info);
        for (let i2 = 0; i2 < 8; i2++) {
          view.setUint16(40 + SHORT_SIZE * i2, this.dims[i2], this.littleEndian);
        }
        view.setFloat32(56, this.intent_p1, this.littleEndian);
        view.setFloat32(60, this.intent_p2, this.littleEndian);
        view.setFloat32(64, this.intent_p3, this.littleEndian);
        view.setInt16(68, this.intent_code, this.littleEndian);
        view.setInt16(70, this.datatypeCode, this.littleEndian);
        view.setInt16(72, this.numBitsPerVoxel, this.littleEndian);
        view.setInt16(74, this.slice_start, this.littleEndian);
        for (let i2 = 0; i2 < 8; i2++) {
          view.setFloat32(76 + FLOAT32_SIZE * i2, this.pixDims[i2], this.littleEndian);
        }
        view.setFloat32(108, this.vox_offset, this.littleEndian);
        view.setFloat32(112, this.scl_slope, this.littleEndian);
        view.setFloat32(116, this.scl_inter, this.littleEndian);
        view.setInt16(120, this.slice_end, this.littleEndian);
        view.setUint8(122, this.slice_code);
        view.setUint8(123, this.xyzt_units);
        view.setFloat32(124, this.cal_max, this.littleEndian);
        view.setFloat32(128, this.cal_min, this.littleEndian);
        view.setFloat32(132, this.slice_duration, this.littleEndian);
        view.setFloat32(136, this.toffset, this.littleEndian);
        byteArray.set(Buffer.from(this.description), 148);
        byteArray.set(Buffer.from(this.aux_file), 228);
        view.setInt16(252, this.qform_code, this.littleEndian);
        view.setInt16(254, this.sform_code, this.littleEndian);
        view.setFloat32(256, this.quatern_b, this.littleEndian);
        view.setFloat32(260, this.quatern_c, this.littleEndian);
        view.setFloat32(264, this.quatern_d, this.littleEndian);
        view.setFloat32(268, this.qoffset_x, this.littleEndian);
        view.setFloat32(272, this.qoffset_y, this.littleEndian);
        view.setFloat32(276, this.qoffset_z, this.littleEndian);
        const flattened = this.affine.flat();
        for (let i2 = 0; i2 < 12; i2++) {
          view.setFloat32(280 + FLOAT32_SIZE * i2, flattened[i2], this.littleEndian);
        }
        byteArray.set(Buffer.from(this.intent_name), 328);
        byteArray.set(Buffer.from(this.magic), 344);
        if (includeExtensions) {
          byteArray.set(Uint8Array.from([1, 0, 0, 0]), 348);
          let extensionByteIndex = this.getExtensionLocation();
          for (const extension of this.extensions) {
            view.setInt32(extensionByteIndex, extension.esize, extension.littleEndian);
            view.setInt32(extensionByteIndex + 4, extension.ecode, extension.littleEndian);
            byteArray.set(new Uint8Array(extension.edata), extensionByteIndex + 8);
            extensionByteIndex += extension.esize;
          }
        } else {
          byteArray.set(new Uint8Array(4).fill(0), 348);
        }
        return byteArray.buffer;
      }
    };
    exports2.NIFTI1 = NIFTI12;
  }
});

// ../../node_modules/nifti-reader-js/dist/src/nifti2.js
var require_nifti2 = __commonJS({
  "../../node_modules/nifti-reader-js/dist/src/nifti2.js"(exports2) {
    "use strict";
    Object.defineProperty(exports2, "__esModule", { value: true });
    exports2.NIFTI2 = void 0;
    var nifti1_1 = require_nifti1();
    var utilities_1 = require_utilities();
    var NIFTI22 = class _NIFTI2 {
      littleEndian = false;
      dim_info = 0;
      dims = [];
      intent_p1 = 0;
      intent_p2 = 0;
      intent_p3 = 0;
      intent_code = 0;
      datatypeCode = 0;
      numBitsPerVoxel = 0;
      slice_start = 0;
      slice_end = 0;
      slice_code = 0;
      pixDims = [];
      vox_offset = 0;
      scl_slope = 1;
      scl_inter = 0;
      xyzt_units = 0;
      cal_max = 0;
      cal_min = 0;
      slice_duration = 0;
      toffset = 0;
      description = "";
      aux_file = "";
      intent_name = "";
      qform_code = 0;
      sform_code = 0;
      quatern_b = 0;
      quatern_c = 0;
      quatern_d = 0;
      qoffset_x = 0;
      qoffset_y = 0;
      qoffset_z = 0;
      affine = [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1]
      ];
      magic = "0";
      extensionFlag = [0, 0, 0, 0];
      extensions = [];
      extensionSize = 0;
      extensionCode = 0;
      /*** Static Pseudo-constants ***/
      static MAGIC_COOKIE = 540;
      static MAGIC_NUMBER_LOCATION = 4;
      static MAGIC_NUMBER = [
        110,
        43,
        50,
        0,
        13,
        10,
        26,
        10
      ];
      // n+2\0
      static MAGIC_NUMBER2 = [
        110,
        105,
        50,
        0,
        13,
        10,
        26,
        10
      ];
      // ni2\0
      /*** Prototype Methods ***/
      /**
       * Reads the header data.
       * @param {ArrayBuffer} data
       */
      readHeader(data) {
        var rawData = new DataView(data), magicCookieVal = utilities_1.Utils.getIntAt(rawData, 0, this.littleEndian), ctr, ctrOut, ctrIn, index, array2;
        if (magicCookieVal !== _NIFTI2.MAGIC_COOKIE) {
          this.littleEndian = true;
          magicCookieVal = utilities_1.Utils.getIntAt(rawData, 0, this.littleEndian);
        }
        if (magicCookieVal !== _NIFTI2.MAGIC_COOKIE) {
          throw new Error("This does not appear to be a NIFTI file!");
        }
        this.magic = utilities_1.Utils.getStringAt(rawData, 4, 12);
        this.datatypeCode = utilities_1.Utils.getShortAt(rawData, 12, this.littleEndian);
        this.numBitsPerVoxel = utilities_1.Utils.getShortAt(rawData, 14, this.littleEndian);
        for (ctr = 0; ctr < 8; ctr += 1) {
          index = 16 + ctr * 8;
          this.dims[ctr] = utilities_1.Utils.getLongAt(rawData, index, this.littleEndian);
        }
        this.intent_p1 = utilities_1.Utils.getDoubleAt(rawData, 80, this.littleEndian);
        this.intent_p2 = utilities_1.Utils.getDoubleAt(rawData, 88, this.littleEndian);
        this.intent_p3 = utilities_1.Utils.getDoubleAt(rawData, 96, this.littleEndian);
        for (ctr = 0; ctr < 8; ctr += 1) {
          index = 104 + ctr * 8;
          this.pixDims[ctr] = utilities_1.Utils.getDoubleAt(rawData, index, this.littleEndian);
        }
        this.vox_offset = utilities_1.Utils.getLongAt(rawData, 168, this.littleEndian);
        this.scl_slope = utilities_1.Utils.getDoubleAt(rawData, 176, this.littleEndian);
        this.scl_inter = utilities_1.Utils.getDoubleAt(rawData, 184, this.littleEndian);
        this.cal_max = utilities_1.Utils.getDoubleAt(rawData, 192, this.littleEndian);
        this.cal_min = utilities_1.Utils.getDoubleAt(rawData, 200, this.littleEndian);
        this.slice_duration = utilities_1.Utils.getDoubleAt(rawData, 208, this.littleEndian);
        this.toffset = utilities_1.Utils.getDoubleAt(rawData, 216, this.littleEndian);
        this.slice_start = utilities_1.Utils.getLongAt(rawData, 224, this.littleEndian);
        this.slice_end = utilities_1.Utils.getLongAt(rawData, 232, this.littleEndian);
        this.description = utilities_1.Utils.getStringAt(rawData, 240, 240 + 80);
        this.aux_file = utilities_1.Utils.getStringAt(rawData, 320, 320 + 24);
        this.qform_code = utilities_1.Utils.getIntAt(rawData, 344, this.littleEndian);
        this.sform_code = utilities_1.Utils.getIntAt(rawData, 348, this.littleEndian);
        this.quatern_b = utilities_1.Utils.getDoubleAt(rawData, 352, this.littleEndian);
        this.quatern_c = utilities_1.Utils.getDoubleAt(rawData, 360, this.littleEndian);
        this.quatern_d = utilities_1.Utils.getDoubleAt(rawData, 368, this.littleEndian);
        this.qoffset_x = utilities_1.Utils.getDoubleAt(rawData, 376, this.littleEndian);
        this.qoffset_y = utilities_1.Utils.getDoubleAt(rawData, 384, this.littleEndian);
        this.qoffset_z = utilities_1.Utils.getDoubleAt(rawData, 392, this.littleEndian);
        for (ctrOut = 0; ctrOut < 3; ctrOut += 1) {
          for (ctrIn = 0; ctrIn < 4; ctrIn += 1) {
            index = 400 + (ctrOut * 4 + ctrIn) * 8;
            this.affine[ctrOut][ctrIn] = utilities_1.Utils.getDoubleAt(rawData, index, this.littleEndian);
          }
        }
        this.affine[3][0] = 0;
        this.affine[3][1] = 0;
        this.affine[3][2] = 0;
        this.affine[3][3] = 1;
        this.slice_code = utilities_1.Utils.getIntAt(rawData, 496, this.littleEndian);
        this.xyzt_units = utilities_1.Utils.getIntAt(rawData, 500, this.littleEndian);
        this.intent_code = utilities_1.Utils.getIntAt(rawData, 504, this.littleEndian);
        this.intent_name = utilities_1.Utils.getStringAt(rawData, 508, 508 + 16);
        this.dim_info = utilities_1.Utils.getByteAt(rawData, 524);
        if (rawData.byteLength > _NIFTI2.MAGIC_COOKIE) {
          this.extensionFlag[0] = utilities_1.Utils.getByteAt(rawData, 540);
          this.extensionFlag[1] = utilities_1.Utils.getByteAt(rawData, 540 + 1);
          this.extensionFlag[2] = utilities_1.Utils.getByteAt(rawData, 540 + 2);
          this.extensionFlag[3] = utilities_1.Utils.getByteAt(rawData, 540 + 3);
          if (this.extensionFlag[0]) {
            this.extensions = utilities_1.Utils.getExtensionsAt(rawData, this.getExtensionLocation(), this.littleEndian, this.vox_offset);
            this.extensionSize = this.extensions[0].esize;
            this.extensionCode = this.extensions[0].ecode;
          }
        }
      }
      /**
       * Returns a formatted string of header fields.
       * @returns {string}
       */
      toFormattedString() {
        var fmt = utilities_1.Utils.formatNumber, string2 = "";
        string2 += "Datatype = " + +this.datatypeCode + " (" + this.getDatatypeCodeString(this.datatypeCode) + ")\n";
        string2 += "Bits Per Voxel =  = " + this.numBitsPerVoxel + "\n";
        string2 += "Image Dimensions (1-8): " + this.dims[0] + ", " + this.dims[1] + ", " + this.dims[2] + ", " + this.dims[3] + ", " + this.dims[4] + ", " + this.dims[5] + ", " + this.dims[6] + ", " + this.dims[7] + "\n";
        string2 += "Intent Parameters (1-3): " + this.intent_p1 + ", " + this.intent_p2 + ", " + this.intent_p3 + "\n";
        string2 += "Voxel Dimensions (1-8): " + fmt(this.pixDims[0]) + ", " + fmt(this.pixDims[1]) + ", " + fmt(this.pixDims[2]) + ", " + fmt(this.pixDims[3]) + ", " + fmt(this.pixDims[4]) + ", " + fmt(this.pixDims[5]) + ", " + fmt(this.pixDims[6]) + ", " + fmt(this.pixDims[7]) + "\n";
        string2 += "Image Offset = " + this.vox_offset + "\n";
        string2 += "Data Scale:  Slope = " + fmt(this.scl_slope) + "  Intercept = " + fmt(this.scl_inter) + "\n";
        string2 += "Display Range:  Max = " + fmt(this.cal_max) + "  Min = " + fmt(this.cal_min) + "\n";
        string2 += "Slice Duration = " + this.slice_duration + "\n";
        string2 += "Time Axis Shift = " + this.toffset + "\n";
        string2 += "Slice Start = " + this.slice_start + "\n";
        string2 += "Slice End = " + this.slice_end + "\n";
        string2 += 'Description: "' + this.description + '"\n';
        string2 += 'Auxiliary File: "' + this.aux_file + '"\n';
        string2 += "Q-Form Code = " + this.qform_code + " (" + this.getTransformCodeString(this.qform_code) + ")\n";
        string2 += "S-Form Code = " + this.sform_code + " (" + this.getTransformCodeString(this.sform_code) + ")\n";
        string2 += "Quaternion Parameters:  b = " + fmt(this.quatern_b) + "  c = " + fmt(this.quatern_c) + "  d = " + fmt(this.quatern_d) + "\n";
        string2 += "Quaternion Offsets:  x = " + this.qoffset_x + "  y = " + this.qoffset_y + "  z = " + this.qoffset_z + "\n";
        string2 += "S-Form Parameters X: " + fmt(this.affine[0][0]) + ", " + fmt(this.affine[0][1]) + ", " + fmt(this.affine[0][2]) + ", " + fmt(this.affine[0][3]) + "\n";
        string2 += "S-Form Parameters Y: " + fmt(this.affine[1][0]) + ", " + fmt(this.affine[1][1]) + ", " + fmt(this.affine[1][2]) + ", " + fmt(this.affine[1][3]) + "\n";
        string2 += "S-Form Parameters Z: " + fmt(this.affine[2][0]) + ", " + fmt(this.affine[2][1]) + ", " + fmt(this.affine[2][2]) + ", " + fmt(this.affine[2][3]) + "\n";
        string2 += "Slice Code = " + this.slice_code + "\n";
        string2 += "Units Code = " + this.xyzt_units + " (" + this.getUnitsCodeString(nifti1_1.NIFTI1.SPATIAL_UNITS_MASK & this.xyzt_units) + ", " + this.getUnitsCodeString(nifti1_1.NIFTI1.TEMPORAL_UNITS_MASK & this.xyzt_units) + ")\n";
        string2 += "Intent Code = " + this.intent_code + "\n";
        string2 += 'Intent Name: "' + this.intent_name + '"\n';
        string2 += "Dim Info = " + this.dim_info + "\n";
        return string2;
      }
      /**
       * Returns the byte index of the extension.
       * @returns {number}
       */
      getExtensionLocation = function() {
        return _NIFTI2.MAGIC_COOKIE + 4;
      };
      /**
       * Returns the extension size.
       * @param {DataView} data
       * @returns {number}
       */
      getExtensionSize = nifti1_1.NIFTI1.prototype.getExtensionSize;
      /**
       * Returns the extension code.
       * @param {DataView} data
       * @returns {number}
       */
      getExtensionCode = nifti1_1.NIFTI1.prototype.getExtensionCode;
      /**
       * Adds an extension
       * @param {NIFTIEXTENSION} extension
       * @param {number} index
       */
      addExtension = nifti1_1.NIFTI1.prototype.addExtension;
      /**
       * Removes an extension
       * @param {number} index
       */
      removeExtension = nifti1_1.NIFTI1.prototype.removeExtension;
      /**
       * Returns a human-readable string of datatype.
       * @param {number} code
       * @returns {string}
       */
      getDatatypeCodeString = nifti1_1.NIFTI1.prototype.getDatatypeCodeString;
      /**
       * Returns a human-readable string of transform type.
       * @param {number} code
       * @returns {string}
       */
      getTransformCodeString = nifti1_1.NIFTI1.prototype.getTransformCodeString;
      /**
       * Returns a human-readable string of spatial and temporal units.
       * @param {number} code
       * @returns {string}
       */
      getUnitsCodeString = nifti1_1.NIFTI1.prototype.getUnitsCodeString;
      /**
       * Returns the qform matrix.
       * @returns {Array.<Array.<number>>}
       */
      getQformMat = nifti1_1.NIFTI1.prototype.getQformMat;
      /**
       * Converts qform to an affine.  (See http://nifti.nimh.nih.gov/pub/dist/src/niftilib/nifti1_io.c)
       * @param {number} qb
       * @param {number} qc
       * @param {number} qd
       * @param {number} qx
       * @param {number} qy
       * @param {number} qz
       * @param {number} dx
       * @param {number} dy
       * @param {number} dz
       * @param {number} qfac
       * @returns {Array.<Array.<number>>}
       */
      convertNiftiQFormToNiftiSForm = nifti1_1.NIFTI1.prototype.convertNiftiQFormToNiftiSForm;
      /**
       * Converts sform to an orientation string (e.g., XYZ+--).  (See http://nimh.nih.gov/pub/dist/src/niftilib/nifti1_io.c)
       * @param {Array.<Array.<number>>} R
       * @returns {string}
       */
      convertNiftiSFormToNEMA = nifti1_1.NIFTI1.prototype.convertNiftiSFormToNEMA;
      nifti_mat33_mul = nifti1_1.NIFTI1.prototype.nifti_mat33_mul;
      nifti_mat33_determ = nifti1_1.NIFTI1.prototype.nifti_mat33_determ;
      /**
       * Returns header as ArrayBuffer.
       * @param {boolean} includeExtensions - should extension bytes be included
       * @returns {ArrayBuffer}
       */
      toArrayBuffer(includeExtensions = false) {
        const INT64_SIZE = 8;
        const DOUBLE_SIZE = 8;
        let byteSize = 540 + 4;
        if (includeExtensions) {
          for (let extension of this.extensions) {
            byteSize += extension.esize;
          }
        }
        let byteArray = new Uint8Array(byteSize);
        let view = new DataView(byteArray.buffer);
        view.setInt32(0, 540, this.littleEndian);
        byteArray.set(Buffer.from(this.magic), 4);
        view.setInt16(12, this.datatypeCode, this.littleEndian);
        view.setInt16(14, this.numBitsPerVoxel, this.littleEndian);
        for (let i2 = 0; i2 < 8; i2++) {
          view.setBigInt64(16 + INT64_SIZE * i2, BigInt(this.dims[i2]), this.littleEndian);
        }
        view.setFloat64(80, this.intent_p1, this.littleEndian);
        view.setFloat64(88, this.intent_p2, this.littleEndian);
        view.setFloat64(96, this.intent_p3, this.littleEndian);
        for (let i2 = 0; i2 < 8; i2++) {
          view.setFloat64(104 + DOUBLE_SIZE * i2, this.pixDims[i2], this.littleEndian);
        }
        view.setBigInt64(168, BigInt(this.vox_offset), this.littleEndian);
        view.setFloat64(176, this.scl_slope, this.littleEndian);
        view.setFloat64(184, this.scl_inter, this.littleEndian);
        view.setFloat64(192, this.cal_max, this.littleEndian);
        view.setFloat64(200, this.cal_min, this.littleEndian);
        view.setFloat64(208, this.slice_duration, this.littleEndian);
        view.setFloat64(216, this.toffset, this.littleEndian);
        view.setBigInt64(224, BigInt(this.slice_start), this.littleEndian);
        view.setBigInt64(232, BigInt(this.slice_end), this.littleEndian);
        byteArray.set(Buffer.from(this.description), 240);
        byteArray.set(Buffer.from(this.aux_file), 320);
        view.setInt32(344, this.qform_code, this.littleEndian);
        view.setInt32(348, this.sform_code, this.littleEndian);
        view.setFloat64(352, this.quatern_b, this.littleEndian);
        view.setFloat64(360, this.quatern_c, this.littleEndian);
        view.setFloat64(368, this.quatern_d, this.littleEndian);
        view.setFloat64(376, this.qoffset_x, this.littleEndian);
        view.setFloat64(384, this.qoffset_y, this.littleEndian);
        view.setFloat64(392, this.qoffset_z, this.littleEndian);
        const flattened = this.affine.flat();
        for (let i2 = 0; i2 < 12; i2++) {
          view.setFloat64(400 + DOUBLE_SIZE * i2, flattened[i2], this.littleEndian);
        }
        view.setInt32(496, this.slice_code, this.littleEndian);
        view.setInt32(500, this.xyzt_units, this.littleEndian);
        view.setInt32(504, this.intent_code, this.littleEndian);
        byteArray.set(Buffer.from(this.intent_name), 508);
        view.setUint8(524, this.dim_info);
        if (includeExtensions) {
          byteArray.set(Uint8Array.from([1, 0, 0, 0]), 540);
          let extensionByteIndex = this.getExtensionLocation();
          for (const extension of this.extensions) {
            view.setInt32(extensionByteIndex, extension.esize, extension.littleEndian);
            view.setInt32(extensionByteIndex + 4, extension.ecode, extension.littleEndian);
            byteArray.set(new Uint8Array(extension.edata), extensionByteIndex + 8);
            extensionByteIndex += extension.esize;
          }
        } else {
          byteArray.set(new Uint8Array(4).fill(0), 540);
        }
        return byteArray.buffer;
      }
    };
    exports2.NIFTI2 = NIFTI22;
  }
});

// ../../node_modules/nifti-reader-js/dist/src/nifti.js
var require_nifti = __commonJS({
  "../../node_modules/nifti-reader-js/dist/src/nifti.js"(exports2) {
    "use strict";
    var __createBinding = exports2 && exports2.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports2 && exports2.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __importStar = exports2 && exports2.__importStar || function(mod) {
      if (mod && mod.__esModule) return mod;
      var result = {};
      if (mod != null) {
        for (var k in mod) if (k !== "default" && Object.prototype.hasOwnProperty.call(mod, k)) __createBinding(result, mod, k);
      }
      __setModuleDefault(result, mod);
      return result;
    };
    Object.defineProperty(exports2, "__esModule", { value: true });
    exports2.readExtensionData = exports2.readExtension = exports2.readImage = exports2.hasExtension = exports2.readHeader = exports2.decompress = exports2.isCompressed = exports2.isNIFTI = exports2.isNIFTI2 = exports2.isNIFTI1 = exports2.NIFTIEXTENSION = exports2.Utils = exports2.NIFTI2 = exports2.NIFTI1 = void 0;
    var fflate = __importStar(require_node());
    var nifti1_1 = require_nifti1();
    var nifti2_1 = require_nifti2();
    var utilities_1 = require_utilities();
    var nifti1_2 = require_nifti1();
    Object.defineProperty(exports2, "NIFTI1", { enumerable: true, get: function() {
      return nifti1_2.NIFTI1;
    } });
    var nifti2_2 = require_nifti2();
    Object.defineProperty(exports2, "NIFTI2", { enumerable: true, get: function() {
      return nifti2_2.NIFTI2;
    } });
    var utilities_2 = require_utilities();
    Object.defineProperty(exports2, "Utils", { enumerable: true, get: function() {
      return utilities_2.Utils;
    } });
    var nifti_extension_1 = require_nifti_extension();
    Object.defineProperty(exports2, "NIFTIEXTENSION", { enumerable: true, get: function() {
      return nifti_extension_1.NIFTIEXTENSION;
    } });
    function isNIFTI1(data, isHdrImgPairOK = false) {
      var buf, mag1, mag2, mag3;
      if (data.byteLength < nifti1_1.NIFTI1.STANDARD_HEADER_SIZE) {
        return false;
      }
      buf = new DataView(data);
      if (buf)
        mag1 = buf.getUint8(nifti1_1.NIFTI1.MAGIC_NUMBER_LOCATION);
      mag2 = buf.getUint8(nifti1_1.NIFTI1.MAGIC_NUMBER_LOCATION + 1);
      mag3 = buf.getUint8(nifti1_1.NIFTI1.MAGIC_NUMBER_LOCATION + 2);
      if (isHdrImgPairOK && mag1 === nifti1_1.NIFTI1.MAGIC_NUMBER2[0] && mag2 === nifti1_1.NIFTI1.MAGIC_NUMBER2[1] && mag3 === nifti1_1.NIFTI1.MAGIC_NUMBER2[2])
        return true;
      return !!(mag1 === nifti1_1.NIFTI1.MAGIC_NUMBER[0] && mag2 === nifti1_1.NIFTI1.MAGIC_NUMBER[1] && mag3 === nifti1_1.NIFTI1.MAGIC_NUMBER[2]);
    }
    exports2.isNIFTI1 = isNIFTI1;
    function isNIFTI2(data, isHdrImgPairOK = false) {
      var buf, mag1, mag2, mag3;
      if (data.byteLength < nifti1_1.NIFTI1.STANDARD_HEADER_SIZE) {
        return false;
      }
      buf = new DataView(data);
      mag1 = buf.getUint8(nifti2_1.NIFTI2.MAGIC_NUMBER_LOCATION);
      mag2 = buf.getUint8(nifti2_1.NIFTI2.MAGIC_NUMBER_LOCATION + 1);
      mag3 = buf.getUint8(nifti2_1.NIFTI2.MAGIC_NUMBER_LOCATION + 2);
      if (isHdrImgPairOK && mag1 === nifti2_1.NIFTI2.MAGIC_NUMBER2[0] && mag2 === nifti2_1.NIFTI2.MAGIC_NUMBER2[1] && mag3 === nifti2_1.NIFTI2.MAGIC_NUMBER2[2])
        return true;
      return !!(mag1 === nifti2_1.NIFTI2.MAGIC_NUMBER[0] && mag2 === nifti2_1.NIFTI2.MAGIC_NUMBER[1] && mag3 === nifti2_1.NIFTI2.MAGIC_NUMBER[2]);
    }
    exports2.isNIFTI2 = isNIFTI2;
    function isNIFTI(data, isHdrImgPairOK = false) {
      return isNIFTI1(data, isHdrImgPairOK) || isNIFTI2(data, isHdrImgPairOK);
    }
    exports2.isNIFTI = isNIFTI;
    function isCompressed(data) {
      var buf, magicCookie1, magicCookie2;
      if (data) {
        buf = new DataView(data);
        magicCookie1 = buf.getUint8(0);
        magicCookie2 = buf.getUint8(1);
        if (magicCookie1 === utilities_1.Utils.GUNZIP_MAGIC_COOKIE1) {
          return true;
        }
        if (magicCookie2 === utilities_1.Utils.GUNZIP_MAGIC_COOKIE2) {
          return true;
        }
      }
      return false;
    }
    exports2.isCompressed = isCompressed;
    function decompress(data) {
      return fflate.decompressSync(new Uint8Array(data)).buffer;
    }
    exports2.decompress = decompress;
    function readHeader(data, isHdrImgPairOK = false) {
      var header = null;
      if (isCompressed(data)) {
        data = decompress(data);
      }
      if (isNIFTI1(data, isHdrImgPairOK)) {
        header = new nifti1_1.NIFTI1();
      } else if (isNIFTI2(data, isHdrImgPairOK)) {
        header = new nifti2_1.NIFTI2();
      }
      if (header) {
        header.readHeader(data);
      } else {
        console.error("That file does not appear to be NIFTI!");
      }
      return header;
    }
    exports2.readHeader = readHeader;
    function hasExtension(header) {
      return header.extensionFlag[0] != 0;
    }
    exports2.hasExtension = hasExtension;
    function readImage(header, data) {
      var imageOffset = header.vox_offset, timeDim = 1, statDim = 1;
      if (header.dims[4]) {
        timeDim = header.dims[4];
      }
      if (header.dims[5]) {
        statDim = header.dims[5];
      }
      var imageSize = header.dims[1] * header.dims[2] * header.dims[3] * timeDim * statDim * (header.numBitsPerVoxel / 8);
      return data.slice(imageOffset, imageOffset + imageSize);
    }
    exports2.readImage = readImage;
    function readExtension(header, data) {
      var loc = header.getExtensionLocation(), size = header.extensionSize;
      return data.slice(loc, loc + size);
    }
    exports2.readExtension = readExtension;
    function readExtensionData(header, data) {
      var loc = header.getExtensionLocation(), size = header.extensionSize;
      return data.slice(loc + 8, loc + size);
    }
    exports2.readExtensionData = readExtensionData;
  }
});

// ../data/src/volume.ts
var IDENTITY_DIRECTION = [1, 0, 0, 0, 1, 0, 0, 0, 1];
function createVolume(init) {
  const channels = init.channels ?? 1;
  const [nx, ny, nz] = init.dims;
  for (const [name, n] of [
    ["dims[0]", nx],
    ["dims[1]", ny],
    ["dims[2]", nz]
  ]) {
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`createVolume: ${name} must be a positive integer, got ${n}`);
  }
  if (!Number.isInteger(channels) || channels <= 0) {
    throw new Error(`createVolume: channels must be a positive integer, got ${channels}`);
  }
  const expected = nx * ny * nz * channels;
  if (init.voxels.length !== expected) {
    throw new Error(
      `createVolume: voxels has ${init.voxels.length} values but dims ${nx}x${ny}x${nz} x ${channels} channel(s) need ${expected}`
    );
  }
  const spacing = init.spacing ?? [1, 1, 1];
  if (spacing.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new Error(
      `createVolume: spacing must be three positive finite numbers, got [${spacing.join(", ")}]`
    );
  }
  return {
    voxels: init.voxels,
    dims: [nx, ny, nz],
    spacing,
    origin: init.origin ?? [0, 0, 0],
    direction: init.direction ?? [...IDENTITY_DIRECTION],
    channels,
    dicom: init.dicom,
    // Only when true, so Volumes with a known spacing look exactly as before.
    ...init.spacingUnknown ? { spacingUnknown: true } : {}
  };
}
function ijkToLps(volume, ijk) {
  const { origin, spacing, direction: d } = volume;
  const a = ijk[0] * spacing[0];
  const b = ijk[1] * spacing[1];
  const c = ijk[2] * spacing[2];
  return [
    origin[0] + a * d[0] + b * d[3] + c * d[6],
    origin[1] + a * d[1] + b * d[4] + c * d[7],
    origin[2] + a * d[2] + b * d[5] + c * d[8]
  ];
}
function lpsToIjk(volume, lps) {
  const { origin, spacing, direction: d } = volume;
  const m = [
    [d[0] * spacing[0], d[3] * spacing[1], d[6] * spacing[2]],
    [d[1] * spacing[0], d[4] * spacing[1], d[7] * spacing[2]],
    [d[2] * spacing[0], d[5] * spacing[1], d[8] * spacing[2]]
  ];
  const r = [lps[0] - origin[0], lps[1] - origin[1], lps[2] - origin[2]];
  const det3 = (a) => a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const det = det3(m);
  if (Math.abs(det) < 1e-12) throw new Error("lpsToIjk: the volume direction matrix is singular");
  const solve = (col) => det3(m.map((row, i2) => row.map((v, j) => j === col ? r[i2] : v))) / det;
  return [solve(0), solve(1), solve(2)];
}

// ../data/src/config/node.ts
var BYTES_HINT = "pass the file's bytes to the byte-level reader instead";
function nodeBuiltin(id, caller, browserHint) {
  const proc = globalThis.process;
  const mod = proc?.getBuiltinModule?.(id);
  if (!mod) {
    throw new Error(
      `${caller} needs Node.js >= 20.16 (it uses ${id})${browserHint ? `; in a browser, ${browserHint}` : ""}`
    );
  }
  return mod;
}
function nodeFs(caller) {
  return nodeBuiltin("node:fs/promises", caller, BYTES_HINT);
}
function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
}

// ../data/src/dicom/errors.ts
var DicomError = class extends Error {
  constructor(file, reason) {
    super(`${file}: ${reason}`);
    this.file = file;
    this.reason = reason;
    this.name = "DicomError";
  }
  file;
  reason;
};
function describeThrown(thrown) {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === "string") return thrown;
  if (thrown && typeof thrown === "object" && "exception" in thrown) {
    return describeThrown(thrown.exception);
  }
  return String(thrown);
}

// ../data/src/dicom/codecs.ts
var codecOptions = {};
function factoryOf(mod) {
  const candidate = typeof mod === "function" ? mod : mod.default;
  if (typeof candidate !== "function") throw new Error("codec module does not export an Emscripten factory");
  return candidate;
}
var decoderClasses = /* @__PURE__ */ new Map();
function loadDecoderClass(name) {
  let pending = decoderClasses.get(name);
  if (!pending) {
    const load = name === "J2KDecoder" ? () => import("@cornerstonejs/codec-openjpeg/decodewasmjs") : name === "JPEGDecoder" ? () => import("@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs") : () => import("@cornerstonejs/codec-charls/decodewasmjs");
    pending = load().then(
      (mod) => factoryOf(mod)({
        // The codecs log progress ("[INFO] Start to read j2k main header") on stdout; failures still throw.
        print: () => void 0,
        printErr: () => void 0,
        ...codecOptions.locateWasm ? { locateFile: codecOptions.locateWasm } : {}
      })
    ).then((module2) => {
      const cls = module2[name];
      if (typeof cls !== "function") throw new Error(`codec module has no ${name}`);
      return cls;
    });
    pending.catch(() => decoderClasses.delete(name));
    decoderClasses.set(name, pending);
  }
  return pending;
}
async function decodeWithEmscripten(file, name, encoded) {
  let Decoder;
  try {
    Decoder = await loadDecoderClass(name);
  } catch (thrown) {
    throw new DicomError(file, `cannot load the ${name} codec (${describeThrown(thrown)})`);
  }
  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    let data = decoder.getDecodedBuffer().slice();
    const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
    if (info.componentCount > 1 && decoder.getInterleaveMode?.() === 0) {
      data = interleavePlanes(data, info.width * info.height, info.componentCount, bytesPerSample);
    }
    return { data, bytesPerSample };
  } catch (thrown) {
    throw new DicomError(file, `${name} could not decode the frame (${describeThrown(thrown)})`);
  } finally {
    decoder.delete();
  }
}
function interleavePlanes(planar, pixels, samples, bytesPerSample) {
  const out = new Uint8Array(planar.length);
  for (let s = 0; s < samples; s++) {
    for (let p = 0; p < pixels; p++) {
      for (let b = 0; b < bytesPerSample; b++) {
        out[(p * samples + s) * bytesPerSample + b] = planar[(s * pixels + p) * bytesPerSample + b];
      }
    }
  }
  return out;
}
function padBeforeEndOfImage(encoded) {
  let end = encoded.length;
  while (end > 0 && encoded[end - 1] === 0) end--;
  if (end < 2 || encoded[end - 2] !== 255 || encoded[end - 1] !== 217) return encoded.slice();
  const out = new Uint8Array(end + 4);
  out.set(encoded.subarray(0, end - 2), 0);
  out.set([255, 217], end + 2);
  return out;
}
async function decodeJpegLossless(file, encoded, bitsAllocated) {
  const { Decoder } = await Promise.resolve().then(() => __toESM(require_lossless()));
  try {
    const copy = padBeforeEndOfImage(encoded);
    const out = new Decoder().decompress(copy.buffer, 0, copy.length);
    return { data: new Uint8Array(out), bytesPerSample: bitsAllocated > 8 ? 2 : 1 };
  } catch (thrown) {
    throw new DicomError(
      file,
      `JPEG Lossless decoder could not decode the frame (${describeThrown(thrown)})`
    );
  }
}
function decodeCompressedFrame(file, encoding, encoded, bitsAllocated) {
  switch (encoding) {
    case "jpeg2000":
      return decodeWithEmscripten(file, "J2KDecoder", encoded);
    case "jpeg-baseline":
      if (bitsAllocated > 8) {
        return Promise.reject(
          new DicomError(
            file,
            `JPEG Extended with ${bitsAllocated}-bit samples is not supported (the libjpeg-turbo codec decodes 8-bit JPEG only)`
          )
        );
      }
      return decodeWithEmscripten(file, "JPEGDecoder", encoded);
    case "jpeg-ls":
      return decodeWithEmscripten(file, "JpegLSDecoder", encoded);
    case "jpeg-lossless":
      return decodeJpegLossless(file, encoded, bitsAllocated);
  }
}

// ../data/src/dicom/parse.ts
var import_dicom_parser = __toESM(require_dicomParser_min());

// ../../node_modules/fflate/esm/index.mjs
var import_module = require("module");
var require2 = (0, import_module.createRequire)("/");
var _a;
var Worker;
var isMarkedAsUntransferable;
try {
  _a = require2("worker_threads"), Worker = _a.Worker, isMarkedAsUntransferable = _a.isMarkedAsUntransferable;
} catch (e) {
}
var u8 = Uint8Array;
var u16 = Uint16Array;
var i32 = Int32Array;
var fleb = new u8([
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
  1,
  1,
  1,
  2,
  2,
  2,
  2,
  3,
  3,
  3,
  3,
  4,
  4,
  4,
  4,
  5,
  5,
  5,
  5,
  0,
  /* unused */
  0,
  0,
  /* impossible */
  0
]);
var fdeb = new u8([
  0,
  0,
  0,
  0,
  1,
  1,
  2,
  2,
  3,
  3,
  4,
  4,
  5,
  5,
  6,
  6,
  7,
  7,
  8,
  8,
  9,
  9,
  10,
  10,
  11,
  11,
  12,
  12,
  13,
  13,
  /* unused */
  0,
  0
]);
var clim = new u8([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);
var freb = function(eb, start) {
  var b = new u16(31);
  for (var i2 = 0; i2 < 31; ++i2) {
    b[i2] = start += 1 << eb[i2 - 1];
  }
  var r = new i32(b[30]);
  for (var i2 = 1; i2 < 30; ++i2) {
    for (var j = b[i2]; j < b[i2 + 1]; ++j) {
      r[j] = j - b[i2] << 5 | i2;
    }
  }
  return { b, r };
};
var _a = freb(fleb, 2);
var fl = _a.b;
var revfl = _a.r;
fl[28] = 258, revfl[258] = 28;
var _b = freb(fdeb, 0);
var fd = _b.b;
var revfd = _b.r;
var rev = new u16(32768);
for (i = 0; i < 32768; ++i) {
  x = (i & 43690) >> 1 | (i & 21845) << 1;
  x = (x & 52428) >> 2 | (x & 13107) << 2;
  x = (x & 61680) >> 4 | (x & 3855) << 4;
  rev[i] = ((x & 65280) >> 8 | (x & 255) << 8) >> 1;
}
var x;
var i;
var hMap = (function(cd, mb, r) {
  var s = cd.length;
  var i2 = 0;
  var l = new u16(mb);
  for (; i2 < s; ++i2) {
    if (cd[i2])
      ++l[cd[i2] - 1];
  }
  var le = new u16(mb);
  for (i2 = 1; i2 < mb; ++i2) {
    le[i2] = le[i2 - 1] + l[i2 - 1] << 1;
  }
  var co;
  if (r) {
    co = new u16(1 << mb);
    var rvb = 15 - mb;
    for (i2 = 0; i2 < s; ++i2) {
      if (cd[i2]) {
        var sv = i2 << 4 | cd[i2];
        var r_1 = mb - cd[i2];
        var v = le[cd[i2] - 1]++ << r_1;
        for (var m = v | (1 << r_1) - 1; v <= m; ++v) {
          co[rev[v] >> rvb] = sv;
        }
      }
    }
  } else {
    co = new u16(s);
    for (i2 = 0; i2 < s; ++i2) {
      if (cd[i2]) {
        co[i2] = rev[le[cd[i2] - 1]++] >> 15 - cd[i2];
      }
    }
  }
  return co;
});
var flt = new u8(288);
for (i = 0; i < 144; ++i)
  flt[i] = 8;
var i;
for (i = 144; i < 256; ++i)
  flt[i] = 9;
var i;
for (i = 256; i < 280; ++i)
  flt[i] = 7;
var i;
for (i = 280; i < 288; ++i)
  flt[i] = 8;
var i;
var fdt = new u8(32);
for (i = 0; i < 32; ++i)
  fdt[i] = 5;
var i;
var flrm = /* @__PURE__ */ hMap(flt, 9, 1);
var fdrm = /* @__PURE__ */ hMap(fdt, 5, 1);
var max = function(a) {
  var m = a[0];
  for (var i2 = 1; i2 < a.length; ++i2) {
    if (a[i2] > m)
      m = a[i2];
  }
  return m;
};
var bits = function(d, p, m) {
  var o = p / 8 | 0;
  return (d[o] | d[o + 1] << 8) >> (p & 7) & m;
};
var bits16 = function(d, p) {
  var o = p / 8 | 0;
  return (d[o] | d[o + 1] << 8 | d[o + 2] << 16) >> (p & 7);
};
var shft = function(p) {
  return (p + 7) / 8 | 0;
};
var slc = function(v, s, e) {
  if (s == null || s < 0)
    s = 0;
  if (e == null || e > v.length)
    e = v.length;
  return new u8(v.subarray(s, e));
};
var ec = [
  "unexpected EOF",
  "invalid block type",
  "invalid length/literal",
  "invalid distance",
  "stream finished",
  "no stream handler",
  ,
  // determined by compression function
  "no callback",
  "invalid UTF-8 data",
  "extra field too long",
  "date not in range 1980-2099",
  "filename too long",
  "stream finishing",
  "invalid zip data"
  // determined by unknown compression method
];
var err = function(ind, msg, nt) {
  var e = new Error(msg || ec[ind]);
  e.code = ind;
  if (Error.captureStackTrace)
    Error.captureStackTrace(e, err);
  if (!nt)
    throw e;
  return e;
};
var inflt = function(dat, st, buf, dict) {
  var sl = dat.length, dl = dict ? dict.length : 0;
  if (!sl || st.f && !st.l)
    return buf || new u8(0);
  var noBuf = !buf;
  var resize = noBuf || st.i != 2;
  var noSt = st.i;
  if (noBuf)
    buf = new u8(sl * 3);
  var cbuf = function(l2) {
    var bl = buf.length;
    if (l2 > bl) {
      var nbuf = new u8(Math.max(bl * 2, l2));
      nbuf.set(buf);
      buf = nbuf;
    }
  };
  var final = st.f || 0, pos = st.p || 0, bt = st.b || 0, lm = st.l, dm = st.d, lbt = st.m, dbt = st.n;
  var tbts = sl * 8;
  do {
    if (!lm) {
      final = bits(dat, pos, 1);
      var type = bits(dat, pos + 1, 3);
      pos += 3;
      if (!type) {
        var s = shft(pos) + 4, l = dat[s - 4] | dat[s - 3] << 8, t = s + l;
        if (t > sl) {
          if (noSt)
            err(0);
          break;
        }
        if (resize)
          cbuf(bt + l);
        buf.set(dat.subarray(s, t), bt);
        st.b = bt += l, st.p = pos = t * 8, st.f = final;
        continue;
      } else if (type == 1)
        lm = flrm, dm = fdrm, lbt = 9, dbt = 5;
      else if (type == 2) {
        var hLit = bits(dat, pos, 31) + 257, hcLen = bits(dat, pos + 10, 15) + 4;
        var tl = hLit + bits(dat, pos + 5, 31) + 1;
        pos += 14;
        var ldt = new u8(tl);
        var clt = new u8(19);
        for (var i2 = 0; i2 < hcLen; ++i2) {
          clt[clim[i2]] = bits(dat, pos + i2 * 3, 7);
        }
        pos += hcLen * 3;
        var clb = max(clt), clbmsk = (1 << clb) - 1;
        var clm = hMap(clt, clb, 1);
        for (var i2 = 0; i2 < tl; ) {
          var r = clm[bits(dat, pos, clbmsk)];
          pos += r & 15;
          var s = r >> 4;
          if (s < 16) {
            ldt[i2++] = s;
          } else {
            var c = 0, n = 0;
            if (s == 16)
              n = 3 + bits(dat, pos, 3), pos += 2, c = ldt[i2 - 1];
            else if (s == 17)
              n = 3 + bits(dat, pos, 7), pos += 3;
            else if (s == 18)
              n = 11 + bits(dat, pos, 127), pos += 7;
            while (n--)
              ldt[i2++] = c;
          }
        }
        var lt = ldt.subarray(0, hLit), dt = ldt.subarray(hLit);
        lbt = max(lt);
        dbt = max(dt);
        lm = hMap(lt, lbt, 1);
        dm = hMap(dt, dbt, 1);
      } else
        err(1);
      if (pos > tbts) {
        if (noSt)
          err(0);
        break;
      }
    }
    if (resize)
      cbuf(bt + 131072);
    var lms = (1 << lbt) - 1, dms = (1 << dbt) - 1;
    var lpos = pos;
    for (; ; lpos = pos) {
      var c = lm[bits16(dat, pos) & lms], sym = c >> 4;
      pos += c & 15;
      if (pos > tbts) {
        if (noSt)
          err(0);
        break;
      }
      if (!c)
        err(2);
      if (sym < 256)
        buf[bt++] = sym;
      else if (sym == 256) {
        lpos = pos, lm = null;
        break;
      } else {
        var add4 = sym - 254;
        if (sym > 264) {
          var i2 = sym - 257, b = fleb[i2];
          add4 = bits(dat, pos, (1 << b) - 1) + fl[i2];
          pos += b;
        }
        var d = dm[bits16(dat, pos) & dms], dsym = d >> 4;
        if (!d)
          err(3);
        pos += d & 15;
        var dt = fd[dsym];
        if (dsym > 3) {
          var b = fdeb[dsym];
          dt += bits16(dat, pos) & (1 << b) - 1, pos += b;
        }
        if (pos > tbts) {
          if (noSt)
            err(0);
          break;
        }
        if (resize)
          cbuf(bt + 131072);
        var end = bt + add4;
        if (bt < dt) {
          var shift = dl - dt, dend = Math.min(dt, end);
          if (shift + bt < 0)
            err(3);
          for (; bt < dend; ++bt)
            buf[bt] = dict[shift + bt];
        }
        for (; bt < end; ++bt)
          buf[bt] = buf[bt - dt];
      }
    }
    st.l = lm, st.p = lpos, st.b = bt, st.f = final;
    if (lm)
      final = 1, st.m = lbt, st.d = dm, st.n = dbt;
  } while (!final);
  return bt != buf.length && noBuf ? slc(buf, 0, bt) : buf.subarray(0, bt);
};
var et = /* @__PURE__ */ new u8(0);
var gzs = function(d) {
  if (d[0] != 31 || d[1] != 139 || d[2] != 8)
    err(6, "invalid gzip data");
  var flg = d[3];
  var st = 10;
  if (flg & 4)
    st += (d[10] | d[11] << 8) + 2;
  for (var zs = (flg >> 3 & 1) + (flg >> 4 & 1); zs > 0; zs -= !d[st++])
    ;
  return st + (flg & 2);
};
var gzl = function(d) {
  var l = d.length;
  return (d[l - 4] | d[l - 3] << 8 | d[l - 2] << 16 | d[l - 1] << 24) >>> 0;
};
function inflateSync(data, opts) {
  return inflt(data, { i: 2 }, opts && opts.out, opts && opts.dictionary);
}
function gunzipSync(data, opts) {
  var st = gzs(data);
  if (st + 8 > data.length)
    err(6, "invalid gzip data");
  return inflt(data.subarray(st, -8), { i: 2 }, opts && opts.out || new u8(gzl(data)), opts && opts.dictionary);
}
var td = typeof TextDecoder != "undefined" && /* @__PURE__ */ new TextDecoder();
var tds = 0;
try {
  td.decode(et, { stream: true });
  tds = 1;
} catch (e) {
}

// ../data/src/dicom/uid.ts
var FNV_PRIME_128 = 0x0000000001000000000000000000013bn;
var FNV_OFFSET_128 = 0x6c62272e07bb014262b821756295c58dn;
var MASK_128 = (1n << 128n) - 1n;
function uidFromText(text2) {
  let hash = FNV_OFFSET_128;
  const bytes = new TextEncoder().encode(text2);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = hash * FNV_PRIME_128 & MASK_128;
  }
  return `2.25.${hash.toString()}`;
}

// ../data/src/dicom/identity.ts
function identityOf(uids, details) {
  let derived = false;
  let cached;
  const attrs = () => cached ??= details();
  let study = uids.StudyInstanceUID ?? "";
  if (!study) {
    derived = true;
    const a = attrs();
    study = uidFromText(
      ["study", a.PatientID, a.StudyDate, a.StudyTime, a.AccessionNumber, a.FrameOfReferenceUID].join("|")
    );
  }
  let series = uids.SeriesInstanceUID ?? "";
  if (!series) {
    derived = true;
    const a = attrs();
    series = uidFromText(
      ["series", study, a.Modality, a.SeriesNumber, a.SeriesDescription, a.FrameOfReferenceUID].join("|")
    );
  }
  let sop = uids.SOPInstanceUID || uids.MediaStorageSOPInstanceUID || "";
  if (!sop) {
    derived = true;
    const a = attrs();
    sop = uidFromText(["sop", series, a.InstanceNumber, (a.ImagePositionPatient ?? []).join("\\")].join("|"));
  }
  return { studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: sop, derived };
}

// ../data/src/dicom/projection-spacing.ts
var PROJECTION_SOP_CLASS_UIDS = /* @__PURE__ */ new Set([
  "1.2.840.10008.5.1.4.1.1.1",
  "1.2.840.10008.5.1.4.1.1.1.1",
  "1.2.840.10008.5.1.4.1.1.1.1.1",
  "1.2.840.10008.5.1.4.1.1.1.2",
  "1.2.840.10008.5.1.4.1.1.1.2.1",
  "1.2.840.10008.5.1.4.1.1.1.3",
  "1.2.840.10008.5.1.4.1.1.1.3.1",
  "1.2.840.10008.5.1.4.1.1.12.1",
  "1.2.840.10008.5.1.4.1.1.12.1.1",
  "1.2.840.10008.5.1.4.1.1.12.2",
  "1.2.840.10008.5.1.4.1.1.12.2.1"
]);
function decimal(ds, tag) {
  const raw = ds.string(tag);
  if (raw === void 0 || raw.trim() === "") return void 0;
  return raw.split("\\").map((v) => parseFloat(v));
}
function projectionSpacing(ds, sopClassUID, file) {
  if (!PROJECTION_SOP_CLASS_UIDS.has(sopClassUID)) return void 0;
  const imager = decimal(ds, "x00181164");
  if (imager === void 0) return void 0;
  const pitch = [imager[0], imager[1] ?? imager[0]];
  if (!pitch.every((v) => Number.isFinite(v) && v > 0)) {
    throw new DicomError(
      file,
      `ImagerPixelSpacing (0018,1164) is "${ds.string("x00181164")}", not two positive numbers`
    );
  }
  const ermf = decimal(ds, "x00181114")?.[0];
  if (ermf !== void 0 && Number.isFinite(ermf) && ermf > 1) {
    return {
      pixelSpacing: [pitch[0] / ermf, pitch[1] / ermf],
      source: "ImagerPixelSpacing / EstimatedRadiographicMagnificationFactor"
    };
  }
  const sid = decimal(ds, "x00181110")?.[0];
  const sod = decimal(ds, "x00181111")?.[0] ?? decimal(ds, "x00400306")?.[0];
  if (sid !== void 0 && sod !== void 0 && sod > 0 && sod < sid) {
    return {
      pixelSpacing: [pitch[0] * sod / sid, pitch[1] * sod / sid],
      source: "ImagerPixelSpacing \xD7 DistanceSourceToPatient / DistanceSourceToDetector"
    };
  }
  return { pixelSpacing: pitch, source: "ImagerPixelSpacing (at the detector)" };
}

// ../data/src/dicom/parse.ts
var SEG_SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.66.4";
function toFileInput(input2, index) {
  if (input2 instanceof ArrayBuffer || input2 instanceof Uint8Array) return { name: `#${index}`, data: input2 };
  return input2;
}
function asBytes(data) {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}
function inflater(bytes, position) {
  const inflated = inflateSync(bytes.subarray(position));
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position), 0);
  out.set(inflated, position);
  return out;
}
function parseDataSet(input2) {
  const bytes = asBytes(input2.data);
  if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== "DICM") {
    throw new DicomError(input2.name, 'not a DICOM Part 10 file (no "DICM" prefix at byte 128)');
  }
  let dataSet;
  try {
    dataSet = import_dicom_parser.default.parseDicom(bytes, { inflater });
  } catch (thrown) {
    const text2 = describeThrown(thrown);
    const truncated = /past end|overread|overrun|eof|beyond|end of buffer/i.test(text2);
    throw new DicomError(input2.name, `${truncated ? "truncated file" : "cannot parse DICOM"} (${text2})`);
  }
  const end = dataSet.byteArray.length;
  for (const element of Object.values(dataSet.elements)) {
    if (!element.hadUndefinedLength && element.dataOffset + element.length > end) {
      throw new DicomError(
        input2.name,
        `truncated file: element ${formatTag(element.tag)} needs ${element.length} bytes at offset ${element.dataOffset} but the file has ${end} bytes`
      );
    }
  }
  const warnings = dataSet.warnings ?? [];
  const eof = warnings.find((w) => /eof|missing sequence delimiter/i.test(w));
  if (eof) throw new DicomError(input2.name, `truncated file (${eof})`);
  return dataSet;
}
function formatTag(tag) {
  return `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5, 9).toUpperCase()})`;
}
function text(ds, tag) {
  return ds.string(tag) ?? "";
}
function numbers(ds, tag) {
  if (!ds?.elements[tag] || ds.elements[tag].length === 0) return void 0;
  const raw = ds.string(tag);
  if (raw === void 0 || raw === "") return void 0;
  return raw.split("\\").map((v) => parseFloat(v));
}
function firstItem(ds, tag) {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}
function geometryFrom(...sources) {
  const g = {};
  for (const ds of sources) {
    if (!ds) continue;
    const position = numbers(firstItem(ds, "x00209113"), "x00200032") ?? numbers(ds, "x00200032");
    if (position && g.position === void 0) g.position = position.slice(0, 3);
    const orientation = numbers(firstItem(ds, "x00209116"), "x00200037") ?? numbers(ds, "x00200037");
    if (orientation && g.orientation === void 0) g.orientation = orientation;
    const measures = firstItem(ds, "x00289110") ?? ds;
    const spacing = numbers(measures, "x00280030");
    if (spacing && g.pixelSpacing === void 0) g.pixelSpacing = [spacing[0], spacing[1] ?? spacing[0]];
    const thickness = numbers(measures, "x00180050");
    if (thickness && g.sliceThickness === void 0) g.sliceThickness = thickness[0];
    const transform = firstItem(ds, "x00289145") ?? ds;
    const slope = numbers(transform, "x00281053");
    const intercept = numbers(transform, "x00281052");
    if (slope && g.slope === void 0) g.slope = slope[0];
    if (intercept && g.intercept === void 0) g.intercept = intercept[0];
  }
  return g;
}
function frameGeometries(ds, numberOfFrames) {
  const shared = firstItem(ds, "x52009229");
  const perFrame = ds.elements["x52009230"]?.items;
  const frames = [];
  for (let f = 0; f < numberOfFrames; f++) {
    const g = geometryFrom(perFrame?.[f]?.dataSet, shared, ds);
    frames.push({ ...g, slope: g.slope ?? 1, intercept: g.intercept ?? 0 });
  }
  return frames;
}
function parseInstance(input2) {
  const ds = parseDataSet(input2);
  const numberOfFrames = Math.max(1, ds.intString("x00280008") ?? 1);
  const modality = text(ds, "x00080060");
  const frameOfReferenceUID = text(ds, "x00200052");
  const seriesDescription = text(ds, "x0008103e");
  const instanceNumber = ds.intString("x00200013");
  const identity = identityOf(
    {
      StudyInstanceUID: text(ds, "x0020000d"),
      SeriesInstanceUID: text(ds, "x0020000e"),
      SOPInstanceUID: text(ds, "x00080018"),
      MediaStorageSOPInstanceUID: text(ds, "x00020003")
    },
    () => ({
      PatientID: text(ds, "x00100020"),
      StudyDate: text(ds, "x00080020"),
      StudyTime: text(ds, "x00080030"),
      AccessionNumber: text(ds, "x00080050"),
      FrameOfReferenceUID: frameOfReferenceUID,
      Modality: modality,
      SeriesNumber: ds.intString("x00200011"),
      SeriesDescription: seriesDescription,
      InstanceNumber: instanceNumber,
      ImagePositionPatient: numbers(ds, "x00200032")
    })
  );
  const sharedMeasures = firstItem(firstItem(ds, "x52009229"), "x00289110");
  const bitsAllocated = ds.uint16("x00280100") ?? 0;
  const sopClassUID = text(ds, "x00080016") || text(ds, "x00020002");
  const frames = frameGeometries(ds, numberOfFrames);
  const projection = frames.some((f) => f.pixelSpacing === void 0) ? projectionSpacing(ds, sopClassUID, input2.name) : void 0;
  if (projection) for (const f of frames) f.pixelSpacing ??= projection.pixelSpacing;
  return {
    studyInstanceUID: identity.studyInstanceUID,
    seriesInstanceUID: identity.seriesInstanceUID,
    sopInstanceUID: identity.sopInstanceUID,
    derived: identity.derived,
    file: input2.name,
    bytes: ds.byteArray,
    dataSet: ds,
    transferSyntaxUID: text(ds, "x00020010"),
    sopClassUID,
    modality,
    frameOfReferenceUID,
    seriesDescription,
    instanceNumber,
    rows: ds.uint16("x00280010") ?? 0,
    columns: ds.uint16("x00280011") ?? 0,
    samplesPerPixel: ds.uint16("x00280002") ?? 1,
    photometricInterpretation: text(ds, "x00280004"),
    planarConfiguration: ds.uint16("x00280006") ?? 0,
    bitsAllocated,
    bitsStored: ds.uint16("x00280101") ?? bitsAllocated,
    pixelRepresentation: ds.uint16("x00280103") ?? 0,
    numberOfFrames,
    spacingBetweenSlices: numbers(sharedMeasures, "x00180088")?.[0] ?? numbers(ds, "x00180088")?.[0],
    pixelData: ds.elements["x7fe00010"] ?? ds.elements["x7fe00008"] ?? ds.elements["x7fe00009"],
    frames,
    ...projection ? { pixelSpacingSource: projection.source } : {}
  };
}

// ../data/src/dicom/pixels.ts
var import_dicom_parser2 = __toESM(require_dicomParser_min());

// ../data/src/dicom/rle.ts
function decodeRleFrame(file, encoded, pixels, samplesPerPixel, bytesPerSample) {
  if (encoded.length < 64)
    throw new DicomError(file, `RLE frame of ${encoded.length} bytes is shorter than its 64-byte header`);
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const segments = view.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw new DicomError(
      file,
      `RLE frame has ${segments} segments where ${samplesPerPixel} sample(s) of ${bytesPerSample} byte(s) need ${expected}`
    );
  }
  const out = new Uint8Array(pixels * expected);
  const plane = new Uint8Array(pixels);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : encoded.length;
    if (start < 64 || end > encoded.length || start > end) {
      throw new DicomError(
        file,
        `RLE segment ${s + 1} offsets ${start}..${end} lie outside the ${encoded.length}-byte frame`
      );
    }
    const written = unpackBits(encoded, start, end, plane);
    if (written < pixels)
      throw new DicomError(file, `RLE segment ${s + 1} decodes to ${written} bytes, expected ${pixels}`);
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - s % bytesPerSample;
    const stride = expected;
    let o = sample * bytesPerSample + byteInSample;
    for (let p = 0; p < pixels; p++, o += stride) out[o] = plane[p];
  }
  return out;
}
function unpackBits(src, start, end, dst) {
  let i2 = start;
  let o = 0;
  const limit = dst.length;
  while (i2 < end && o < limit) {
    const n = src[i2++];
    if (n < 128) {
      const count = Math.min(n + 1, limit - o, end - i2);
      dst.set(src.subarray(i2, i2 + count), o);
      i2 += n + 1;
      o += count;
    } else if (n > 128) {
      const count = Math.min(257 - n, limit - o);
      dst.fill(src[i2++], o, o + count);
      o += count;
    }
  }
  return o;
}

// ../data/src/dicom/transfer-syntax.ts
var TRANSFER_SYNTAXES = {
  "1.2.840.10008.1.2": { name: "Implicit VR Little Endian", encoding: "native" },
  "1.2.840.10008.1.2.1": { name: "Explicit VR Little Endian", encoding: "native" },
  "1.2.840.10008.1.2.1.99": {
    name: "Deflated Explicit VR Little Endian",
    encoding: "native",
    deflated: true
  },
  "1.2.840.10008.1.2.2": { name: "Explicit VR Big Endian", encoding: "native-big-endian" },
  "1.2.840.10008.1.2.5": { name: "RLE Lossless", encoding: "rle" },
  "1.2.840.10008.1.2.4.50": { name: "JPEG Baseline (Process 1)", encoding: "jpeg-baseline" },
  "1.2.840.10008.1.2.4.51": { name: "JPEG Extended (Process 2 & 4)", encoding: "jpeg-baseline" },
  "1.2.840.10008.1.2.4.57": {
    name: "JPEG Lossless, Non-Hierarchical (Process 14)",
    encoding: "jpeg-lossless"
  },
  "1.2.840.10008.1.2.4.70": {
    name: "JPEG Lossless, Non-Hierarchical, First-Order Prediction",
    encoding: "jpeg-lossless"
  },
  "1.2.840.10008.1.2.4.80": { name: "JPEG-LS Lossless", encoding: "jpeg-ls" },
  "1.2.840.10008.1.2.4.81": { name: "JPEG-LS Near-Lossless", encoding: "jpeg-ls" },
  "1.2.840.10008.1.2.4.90": { name: "JPEG 2000 Lossless", encoding: "jpeg2000" },
  "1.2.840.10008.1.2.4.91": { name: "JPEG 2000", encoding: "jpeg2000" }
};
var UNSUPPORTED_NAMES = {
  "1.2.840.10008.1.2.4.92": "JPEG 2000 Part 2 Multi-component Lossless",
  "1.2.840.10008.1.2.4.93": "JPEG 2000 Part 2 Multi-component",
  "1.2.840.10008.1.2.4.94": "JPIP Referenced",
  "1.2.840.10008.1.2.4.100": "MPEG2 Main Profile",
  "1.2.840.10008.1.2.4.102": "MPEG-4 AVC/H.264",
  "1.2.840.10008.1.2.4.201": "High-Throughput JPEG 2000 Lossless",
  "1.2.840.10008.1.2.4.202": "High-Throughput JPEG 2000 RPCL Lossless",
  "1.2.840.10008.1.2.4.203": "High-Throughput JPEG 2000"
};
function transferSyntaxName(uid) {
  return TRANSFER_SYNTAXES[uid]?.name ?? UNSUPPORTED_NAMES[uid] ?? "unknown transfer syntax";
}

// ../data/src/dicom/pixels.ts
function checkPixelFormat(inst) {
  const file = inst.file;
  if (!inst.pixelData) throw new DicomError(file, "no PixelData (7FE0,0010): not an image");
  if (!(inst.transferSyntaxUID in TRANSFER_SYNTAXES)) {
    throw new DicomError(
      file,
      `transfer syntax ${inst.transferSyntaxUID || "(missing)"} (${transferSyntaxName(inst.transferSyntaxUID)}) is not supported`
    );
  }
  if (!(inst.rows > 0 && inst.columns > 0))
    throw new DicomError(file, `Rows ${inst.rows} / Columns ${inst.columns} must be positive`);
  if (![1, 8, 16, 32].includes(inst.bitsAllocated)) {
    throw new DicomError(file, `BitsAllocated ${inst.bitsAllocated} is not supported (1, 8, 16 or 32)`);
  }
  if (inst.samplesPerPixel !== 1 && inst.samplesPerPixel !== 3) {
    throw new DicomError(file, `SamplesPerPixel ${inst.samplesPerPixel} is not supported (1 or 3)`);
  }
  const pi = inst.photometricInterpretation;
  if (inst.samplesPerPixel === 1 && pi && pi !== "MONOCHROME1" && pi !== "MONOCHROME2") {
    throw new DicomError(file, `PhotometricInterpretation ${pi} is not supported for one sample per pixel`);
  }
  if (inst.samplesPerPixel === 3 && inst.bitsAllocated !== 8) {
    throw new DicomError(file, `colour images need BitsAllocated 8, got ${inst.bitsAllocated}`);
  }
}
function frameFragments(inst, frame) {
  const ds = inst.dataSet;
  const element = inst.pixelData;
  const fragments = element.fragments ?? [];
  if (!element.encapsulatedPixelData || fragments.length === 0) {
    throw new DicomError(
      inst.file,
      `${transferSyntaxName(inst.transferSyntaxUID)} needs encapsulated PixelData, found none`
    );
  }
  try {
    if (element.basicOffsetTable && element.basicOffsetTable.length > 0) {
      return import_dicom_parser2.default.readEncapsulatedImageFrame(ds, element, frame);
    }
    if (inst.numberOfFrames === 1) {
      return import_dicom_parser2.default.readEncapsulatedPixelDataFromFragments(
        ds,
        element,
        0,
        fragments.length
      );
    }
    if (fragments.length === inst.numberOfFrames) {
      return import_dicom_parser2.default.readEncapsulatedPixelDataFromFragments(ds, element, frame, 1);
    }
    const table = import_dicom_parser2.default.createJPEGBasicOffsetTable(ds, element);
    return import_dicom_parser2.default.readEncapsulatedImageFrame(ds, element, frame, table);
  } catch (thrown) {
    throw new DicomError(
      inst.file,
      `cannot locate frame ${frame + 1} in the encapsulated PixelData (${describeThrown(thrown)})`
    );
  }
}
function nativeFrameBytes(inst, frame) {
  const element = inst.pixelData;
  const pixels = inst.rows * inst.columns * inst.samplesPerPixel;
  const bits2 = pixels * inst.bitsAllocated;
  if (inst.bitsAllocated === 1) {
    const first = frame * bits2;
    const bytes = inst.bytes.subarray(element.dataOffset, element.dataOffset + element.length);
    if (Math.ceil((first + bits2) / 8) > bytes.length)
      throw missingBytes(inst, bytes.length, Math.ceil(inst.numberOfFrames * bits2 / 8));
    const out = new Uint8Array(pixels);
    for (let p = 0; p < pixels; p++) {
      const bit = first + p;
      out[p] = bytes[bit >> 3] >> (bit & 7) & 1;
    }
    return out;
  }
  const frameBytes = bits2 / 8;
  const start = element.dataOffset + frame * frameBytes;
  if ((frame + 1) * frameBytes > element.length) {
    throw missingBytes(inst, element.length, inst.numberOfFrames * frameBytes);
  }
  return inst.bytes.subarray(start, start + frameBytes);
}
function missingBytes(inst, have, need) {
  return new DicomError(
    inst.file,
    `PixelData holds ${have} bytes but ${inst.numberOfFrames} frame(s) of ${inst.columns}x${inst.rows}x${inst.samplesPerPixel} at ${inst.bitsAllocated} bits need ${need}`
  );
}
function typed(bytes, bytesPerSample, signed, float) {
  const aligned = bytes.byteOffset % bytesPerSample === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset, byteLength } = aligned;
  const n = byteLength / bytesPerSample;
  if (bytesPerSample === 1) return signed ? new Int8Array(buffer, byteOffset, n) : aligned;
  if (bytesPerSample === 2)
    return signed ? new Int16Array(buffer, byteOffset, n) : new Uint16Array(buffer, byteOffset, n);
  if (float) return new Float32Array(buffer, byteOffset, n);
  return signed ? new Int32Array(buffer, byteOffset, n) : new Uint32Array(buffer, byteOffset, n);
}
function swapBytes(bytes, bytesPerSample) {
  const out = new Uint8Array(bytes.length);
  for (let i2 = 0; i2 < bytes.length; i2 += bytesPerSample) {
    for (let b = 0; b < bytesPerSample; b++) out[i2 + b] = bytes[i2 + bytesPerSample - 1 - b];
  }
  return out;
}
function maskStoredBits(values, bitsStored, signed) {
  const out = values.slice();
  const shift = 32 - bitsStored;
  if (signed) {
    for (let i2 = 0; i2 < out.length; i2++) out[i2] = out[i2] << shift >> shift;
  } else {
    const mask = bitsStored >= 32 ? 4294967295 : (1 << bitsStored) - 1;
    for (let i2 = 0; i2 < out.length; i2++) out[i2] = out[i2] & mask;
  }
  return out;
}
function ybrFullToRgb(data) {
  const out = new Uint8Array(data.length);
  for (let i2 = 0; i2 < data.length; i2 += 3) {
    const y = data[i2];
    const cb = data[i2 + 1] - 128;
    const cr = data[i2 + 2] - 128;
    out[i2] = Math.min(255, Math.max(0, Math.round(y + 1.402 * cr)));
    out[i2 + 1] = Math.min(255, Math.max(0, Math.round(y - 0.344136 * cb - 0.714136 * cr)));
    out[i2 + 2] = Math.min(255, Math.max(0, Math.round(y + 1.772 * cb)));
  }
  return out;
}
async function readStoredFrame(inst, frame) {
  const ts = TRANSFER_SYNTAXES[inst.transferSyntaxUID];
  const pixels = inst.rows * inst.columns;
  const samples = inst.samplesPerPixel;
  const signed = inst.pixelRepresentation === 1;
  const isFloat = inst.pixelData.tag === "x7fe00008";
  let bytes;
  let bytesPerSample = inst.bitsAllocated === 1 ? 1 : inst.bitsAllocated / 8;
  let fromCodec = false;
  if (ts.encoding === "native" || ts.encoding === "native-big-endian") {
    bytes = nativeFrameBytes(inst, frame);
    if (ts.encoding === "native-big-endian" && bytesPerSample > 1) bytes = swapBytes(bytes, bytesPerSample);
    if (samples === 3 && inst.planarConfiguration === 1) bytes = interleavePlanes(bytes, pixels, samples, 1);
  } else if (ts.encoding === "rle") {
    bytes = decodeRleFrame(inst.file, frameFragments(inst, frame), pixels, samples, bytesPerSample);
  } else {
    const decoded = await decodeCompressedFrame(
      inst.file,
      ts.encoding,
      frameFragments(inst, frame),
      inst.bitsAllocated
    );
    bytes = decoded.data;
    bytesPerSample = decoded.bytesPerSample;
    fromCodec = true;
  }
  const expected = pixels * samples * bytesPerSample;
  if (bytes.length < expected) {
    throw new DicomError(
      inst.file,
      `frame ${frame + 1} decodes to ${bytes.length} bytes, ${inst.columns}x${inst.rows}x${samples} needs ${expected}`
    );
  }
  if (bytes.length > expected) bytes = bytes.subarray(0, expected);
  if (samples === 3) {
    const pi = inst.photometricInterpretation;
    if (!fromCodec && pi === "YBR_FULL") return ybrFullToRgb(bytes);
    if (!fromCodec && pi !== "RGB")
      throw new DicomError(inst.file, `PhotometricInterpretation ${pi} is not supported`);
    return bytes;
  }
  let values = typed(bytes, bytesPerSample, signed, isFloat);
  if (!isFloat && inst.bitsAllocated > 1 && inst.bitsStored < bytesPerSample * 8) {
    values = maskStoredBits(values, inst.bitsStored, signed);
  }
  return values;
}

// ../data/src/dicom/series.ts
function groupBySeries(instances2) {
  const groups = /* @__PURE__ */ new Map();
  for (const inst of instances2) {
    const group = groups.get(inst.seriesInstanceUID);
    if (group) group.push(inst);
    else groups.set(inst.seriesInstanceUID, [inst]);
  }
  return groups;
}
function summarise(groups) {
  return [...groups.entries()].map(([uid, insts]) => ({
    seriesInstanceUID: uid,
    studyInstanceUID: insts[0].studyInstanceUID,
    modality: insts[0].modality,
    seriesDescription: insts[0].seriesDescription,
    sopClassUID: insts[0].sopClassUID,
    files: insts.map((i2) => i2.file)
  }));
}
function describeSeries(list) {
  return list.map(
    (s) => `${s.seriesInstanceUID} (${s.modality || "?"}${s.seriesDescription ? ` "${s.seriesDescription}"` : ""}, ${s.files.length} file(s))`
  ).join("; ");
}
var dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
function cross(a, b) {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function unit(v, what, file) {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 1e-6)) throw new DicomError(file, `${what} is not a direction (zero length)`);
  return [v[0] / n, v[1] / n, v[2] / n];
}
function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function checkConsistency(instances2) {
  const ref = instances2[0];
  for (const inst of instances2) {
    if (inst.sopClassUID === SEG_SOP_CLASS_UID) {
      throw new DicomError(
        inst.file,
        "is a DICOM SEG (Segmentation Storage), not an image: read it with readDicomSeg"
      );
    }
    checkPixelFormat(inst);
    if (inst.rows !== ref.rows || inst.columns !== ref.columns) {
      throw new DicomError(
        inst.file,
        `Rows x Columns ${inst.rows}x${inst.columns} differ from ${ref.rows}x${ref.columns} in ${ref.file} of the same series`
      );
    }
    if (inst.samplesPerPixel !== ref.samplesPerPixel) {
      throw new DicomError(
        inst.file,
        `SamplesPerPixel ${inst.samplesPerPixel} differs from ${ref.samplesPerPixel} in ${ref.file}`
      );
    }
  }
}
function orderSlices(instances2) {
  const frames = instances2.flatMap(
    (inst) => inst.frames.map((geometry, frame) => ({ inst, frame, geometry }))
  );
  const first = frames[0];
  const orientation = first.geometry.orientation ?? [1, 0, 0, 0, 1, 0];
  const row = unit(orientation.slice(0, 3), "ImageOrientationPatient row cosine", first.inst.file);
  const col = unit(orientation.slice(3, 6), "ImageOrientationPatient column cosine", first.inst.file);
  const normal = unit(cross(row, col), "the slice normal (row x column)", first.inst.file);
  const spacingUnknown = first.geometry.pixelSpacing === void 0;
  const pixelSpacing = first.geometry.pixelSpacing ?? [1, 1];
  if (frames.length > 1) {
    for (const f of frames) {
      if (!f.geometry.position) {
        throw new DicomError(
          f.inst.file,
          `no ImagePositionPatient${f.inst.numberOfFrames > 1 ? ` for frame ${f.frame + 1}` : ""}: slices cannot be ordered by geometry`
        );
      }
      const o = f.geometry.orientation;
      if (!o || o.some((v, i2) => Math.abs(v - orientation[i2]) > 1e-4)) {
        throw new DicomError(
          f.inst.file,
          `ImageOrientationPatient [${o?.join(", ") ?? "missing"}] differs from [${orientation.join(", ")}] in ${first.inst.file}`
        );
      }
      const ps = f.geometry.pixelSpacing ?? [1, 1];
      if (f.geometry.pixelSpacing === void 0 !== spacingUnknown) {
        throw new DicomError(
          f.inst.file,
          `PixelSpacing is ${spacingUnknown ? "present" : "missing"} here but ${spacingUnknown ? "missing" : "present"} in ${first.inst.file}: one series cannot mix pixels and millimetres`
        );
      }
      if (Math.abs(ps[0] - pixelSpacing[0]) > 1e-4 * pixelSpacing[0] || Math.abs(ps[1] - pixelSpacing[1]) > 1e-4 * pixelSpacing[1]) {
        throw new DicomError(
          f.inst.file,
          `PixelSpacing [${ps.join(", ")}] differs from [${pixelSpacing.join(", ")}] in ${first.inst.file}`
        );
      }
    }
  }
  const slices = frames.map((f) => {
    const position = f.geometry.position ?? [0, 0, 0];
    return { ...f, position, distance: dot(position, normal) };
  });
  slices.sort((a, b) => a.distance - b.distance);
  const name = (s) => s.inst.numberOfFrames > 1 ? `${s.inst.file} frame ${s.frame + 1}` : s.inst.file;
  const gaps = slices.slice(1).map((s, i2) => s.distance - slices[i2].distance);
  for (let i2 = 0; i2 < gaps.length; i2++) {
    if (gaps[i2] < 1e-3) {
      throw new DicomError(
        name(slices[i2 + 1]),
        `duplicate slice: same position along the slice normal (${slices[i2].distance.toFixed(3)} mm) as ${name(slices[i2])}`
      );
    }
  }
  let sliceSpacing = first.inst.spacingBetweenSlices ?? first.geometry.sliceThickness ?? 1;
  if (gaps.length > 0) {
    sliceSpacing = median(gaps);
    for (let i2 = 0; i2 < gaps.length; i2++) {
      if (Math.abs(gaps[i2] - sliceSpacing) > 0.05 * sliceSpacing) {
        throw new DicomError(
          name(slices[i2 + 1]),
          `slice spacing is not uniform: ${gaps[i2].toFixed(3)} mm from ${name(slices[i2])} where the series is spaced ${sliceSpacing.toFixed(3)} mm (missing or extra slice?)`
        );
      }
    }
    const p0 = slices[0].position;
    const tolerance = Math.max(1e-3, 0.01 * Math.min(pixelSpacing[0], pixelSpacing[1]));
    for (const s of slices) {
      const d = [s.position[0] - p0[0], s.position[1] - p0[1], s.position[2] - p0[2]];
      if (Math.abs(dot(d, row)) > tolerance + 1e-3 * Math.abs(s.distance - slices[0].distance) || Math.abs(dot(d, col)) > tolerance + 1e-3 * Math.abs(s.distance - slices[0].distance)) {
        throw new DicomError(
          name(s),
          "slice positions do not lie along the slice normal (gantry tilt or mixed stacks): not a regular grid"
        );
      }
    }
  }
  if (!(sliceSpacing > 0)) sliceSpacing = 1;
  return { slices, row, col, normal, sliceSpacing, pixelSpacing, spacingUnknown };
}
function isInteger(v) {
  return Number.isInteger(v);
}
function assembleGrey(frames, slices, voxelType, sourceName) {
  const perSlice = frames[0].length;
  let integral = true;
  let lo = Infinity;
  let hi = -Infinity;
  frames.forEach((values, k) => {
    const { slope, intercept } = slices[k].geometry;
    if (!isInteger(slope) || !isInteger(intercept) || values instanceof Float32Array) integral = false;
    let mn = Infinity;
    let mx = -Infinity;
    for (let i2 = 0; i2 < values.length; i2++) {
      const v = values[i2];
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    const a = mn * slope + intercept;
    const b = mx * slope + intercept;
    lo = Math.min(lo, a, b);
    hi = Math.max(hi, a, b);
  });
  const fitsInt16 = integral && lo >= -32768 && hi <= 32767;
  if (voxelType === "int16" && !fitsInt16) {
    throw new DicomError(
      sourceName,
      `voxelType 'int16' requested but rescaled values span [${lo}, ${hi}]${integral ? "" : " with non-integer rescale"}`
    );
  }
  const out = voxelType === "float32" || !fitsInt16 ? new Float32Array(perSlice * frames.length) : new Int16Array(perSlice * frames.length);
  frames.forEach((values, k) => {
    const { slope, intercept } = slices[k].geometry;
    const offset = k * perSlice;
    if (slope === 1 && intercept === 0) {
      out.set(values, offset);
    } else {
      for (let i2 = 0; i2 < perSlice; i2++) out[offset + i2] = values[i2] * slope + intercept;
    }
  });
  return out;
}
async function readDicomSeries(inputs, options = {}) {
  const sourceName = options.sourceName ?? "series";
  if (inputs.length === 0) throw new DicomError(sourceName, "no DICOM files given");
  const groups = groupBySeries(inputs.map((input2, i2) => parseInstance(toFileInput(input2, i2))));
  let instances2;
  if (options.seriesInstanceUID !== void 0) {
    const picked = groups.get(options.seriesInstanceUID);
    if (!picked) {
      throw new DicomError(
        sourceName,
        `series ${options.seriesInstanceUID} is not among the files; found ${describeSeries(summarise(groups))}`
      );
    }
    instances2 = picked;
  } else if (groups.size > 1) {
    throw new DicomError(
      sourceName,
      `mixed series: the files hold ${groups.size} series: ${describeSeries(summarise(groups))}; pass seriesInstanceUID to choose one`
    );
  } else {
    instances2 = [...groups.values()][0];
  }
  checkConsistency(instances2);
  const { slices, row, col, normal, sliceSpacing, pixelSpacing, spacingUnknown } = orderSlices(instances2);
  const ref = instances2[0];
  const frames = [];
  for (const s of slices) frames.push(await readStoredFrame(s.inst, s.frame));
  let voxels;
  if (ref.samplesPerPixel === 3) {
    voxels = new Uint8Array(frames[0].length * frames.length);
    frames.forEach((f, k) => voxels.set(f, k * f.length));
  } else {
    voxels = assembleGrey(frames, slices, options.voxelType ?? "auto", sourceName);
  }
  const multiFrame = instances2.some((i2) => i2.numberOfFrames > 1);
  return createVolume({
    voxels,
    dims: [ref.columns, ref.rows, slices.length],
    // PixelSpacing is [between rows, between columns] = [j, i].
    spacing: [pixelSpacing[1], pixelSpacing[0], sliceSpacing],
    origin: [...slices[0].position],
    direction: [...row, ...col, ...normal],
    channels: ref.samplesPerPixel,
    spacingUnknown,
    dicom: {
      studyInstanceUID: ref.studyInstanceUID,
      seriesInstanceUID: ref.seriesInstanceUID,
      frameOfReferenceUID: ref.frameOfReferenceUID || void 0,
      sopInstanceUIDs: slices.map((s) => s.inst.sopInstanceUID),
      sopClassUID: ref.sopClassUID || void 0,
      modality: ref.modality || void 0,
      ...multiFrame ? { frameNumbers: slices.map((s) => s.frame + 1) } : {},
      ...ref.pixelSpacingSource ? { pixelSpacingSource: ref.pixelSpacingSource } : {}
    }
  });
}

// ../data/src/dicom/node.ts
function join(dir, name) {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}
async function listDicomFiles(folder, options = {}) {
  const fs = nodeFs("listDicomFiles");
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new DicomError(folder, `cannot read the folder (${error.message})`);
  }
  const files2 = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (options.recursive) files2.push(...await listDicomFiles(path, options));
    } else if (entry.isFile()) {
      files2.push(path);
    }
  }
  return files2;
}
async function readDicomFiles(paths) {
  const fs = nodeFs("readDicomFiles");
  return Promise.all(
    paths.map(async (path) => {
      const buffer = await fs.readFile(path);
      return { name: path, data: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
    })
  );
}
async function readDicomFolder(folder, options = {}) {
  const paths = await listDicomFiles(folder);
  if (paths.length === 0) throw new DicomError(folder, "the folder holds no files");
  return readDicomSeries(await readDicomFiles(paths), { sourceName: folder, ...options });
}

// ../data/src/geometry/orient.ts
var POSITIVE = ["L", "P", "S"];
var NEGATIVE = ["R", "A", "I"];
function column(direction, axis) {
  return [direction[3 * axis], direction[3 * axis + 1], direction[3 * axis + 2]];
}
function isOrientationCode(code) {
  if (typeof code !== "string" || !/^[LRPAIS]{3}$/.test(code)) return false;
  const worlds = [...code].map((letter) => Math.max(POSITIVE.indexOf(letter), NEGATIVE.indexOf(letter)));
  return new Set(worlds).size === 3;
}
function orientationCode(volume) {
  return [0, 1, 2].map((axis) => {
    const c = column(volume.direction, axis);
    const major = [0, 1, 2].reduce((best, a) => Math.abs(c[a]) > Math.abs(c[best]) ? a : best, 0);
    return c[major] >= 0 ? POSITIVE[major] : NEGATIVE[major];
  }).join("");
}

// ../data/src/nifti/read.ts
var import_nifti_reader_js = __toESM(require_nifti());

// ../data/src/nifti/affine.ts
function qformToAffine(quatern, offset, pixdim, qfac) {
  let [b, c, d] = quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    const norm = Math.hypot(b, c, d);
    b /= norm;
    c /= norm;
    d /= norm;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const [dx, dy, dzRaw] = pixdim.map((p) => p > 0 ? p : 1);
  const dz = qfac < 0 ? -dzRaw : dzRaw;
  return [
    [(a * a + b * b - c * c - d * d) * dx, 2 * (b * c - a * d) * dy, 2 * (b * d + a * c) * dz, offset[0]],
    [2 * (b * c + a * d) * dx, (a * a + c * c - b * b - d * d) * dy, 2 * (c * d - a * b) * dz, offset[1]],
    [2 * (b * d - a * c) * dx, 2 * (c * d + a * b) * dy, (a * a + d * d - c * c - b * b) * dz, offset[2]],
    [0, 0, 0, 1]
  ];
}
function rasAffineToGeometry(affine, what = "NIfTI affine") {
  const lps = [affine[0].map((v) => -v), affine[1].map((v) => -v), affine[2].slice()];
  const spacing = [];
  const direction = [];
  for (let axis = 0; axis < 3; axis++) {
    const column2 = [lps[0][axis], lps[1][axis], lps[2][axis]];
    const length = Math.hypot(column2[0], column2[1], column2[2]);
    if (!(length > 0) || !Number.isFinite(length)) {
      throw new Error(
        `${what}: voxel axis ${"ijk"[axis]} has zero or non-finite length ([${column2.join(", ")}])`
      );
    }
    spacing.push(length);
    direction.push(...column2.map((v) => v / length + 0));
  }
  return {
    spacing,
    origin: [lps[0][3] + 0, lps[1][3] + 0, lps[2][3] + 0],
    direction
  };
}

// ../data/src/nifti/gzip.ts
var crcTable;
function crc32(data) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 4294967295;
  for (let i2 = 0; i2 < data.length; i2++) crc = crcTable[(crc ^ data[i2]) & 255] ^ crc >>> 8;
  return (crc ^ 4294967295) >>> 0;
}
function isGzip(bytes) {
  return bytes.length >= 2 && bytes[0] === 31 && bytes[1] === 139;
}
function gunzipVerified(bytes, name) {
  let out;
  try {
    out = gunzipSync(bytes);
  } catch (error) {
    throw new Error(`${name}: corrupt or truncated gzip data (${errorMessage(error)})`);
  }
  if (bytes.length < 18) throw new Error(`${name}: corrupt or truncated gzip data (${bytes.length} bytes)`);
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  const expectedCrc = trailer.getUint32(0, true);
  const expectedSize = trailer.getUint32(4, true);
  if (out.length % 2 ** 32 !== expectedSize || crc32(out) !== expectedCrc) {
    throw new Error(`${name}: corrupt or truncated gzip data (CRC-32 or length check failed)`);
  }
  return out;
}

// ../data/src/nifti/datatypes.ts
var DATATYPES = [
  { code: 2, name: "uint8", bytes: 1, channels: 1, float: false, create: (b) => new Uint8Array(b) },
  { code: 4, name: "int16", bytes: 2, channels: 1, float: false, create: (b) => new Int16Array(b) },
  { code: 8, name: "int32", bytes: 4, channels: 1, float: false, create: (b) => new Int32Array(b) },
  { code: 16, name: "float32", bytes: 4, channels: 1, float: true, create: (b) => new Float32Array(b) },
  {
    code: 64,
    name: "float64",
    bytes: 8,
    channels: 1,
    float: true,
    create: (b) => Float32Array.from(new Float64Array(b))
  },
  { code: 128, name: "rgb24", bytes: 1, channels: 3, float: false, create: (b) => new Uint8Array(b) },
  { code: 256, name: "int8", bytes: 1, channels: 1, float: false, create: (b) => new Int8Array(b) },
  { code: 512, name: "uint16", bytes: 2, channels: 1, float: false, create: (b) => new Uint16Array(b) },
  { code: 768, name: "uint32", bytes: 4, channels: 1, float: false, create: (b) => new Uint32Array(b) }
];
var UNSUPPORTED = {
  1: "binary (1 bit)",
  32: "complex64",
  1024: "int64",
  1280: "uint64",
  1536: "float128",
  1792: "complex128",
  2048: "complex256",
  2304: "rgba32"
};
function niftiDatatype(code) {
  return DATATYPES.find((d) => d.code === code);
}
function unsupportedDatatypeMessage(code) {
  const known = UNSUPPORTED[code];
  const supported = DATATYPES.map((d) => `${d.name} (${d.code})`).join(", ");
  return `unsupported NIfTI datatype ${code}${known ? ` (${known})` : ""}; seglens reads ${supported}`;
}
function swapBytes2(data, bytes) {
  if (bytes === 1) return;
  for (let i2 = 0; i2 < data.length; i2 += bytes) {
    for (let a = i2, b = i2 + bytes - 1; a < b; a++, b--) {
      const t = data[a];
      data[a] = data[b];
      data[b] = t;
    }
  }
}

// ../data/src/nifti/read.ts
function toBytes(data) {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}
function inflate(bytes, name) {
  return isGzip(bytes) ? gunzipVerified(bytes, name) : bytes;
}
function parseHeader(bytes, name) {
  if (bytes.length < 348) {
    throw new Error(`${name}: too short to be NIfTI (${bytes.length} bytes; a NIfTI-1 header alone is 348)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeLE = view.getInt32(0, true);
  const sizeBE = view.getInt32(0, false);
  const version = sizeLE === 348 || sizeBE === 348 ? 1 : sizeLE === 540 || sizeBE === 540 ? 2 : void 0;
  if (!version) {
    throw new Error(
      `${name}: not a NIfTI file (sizeof_hdr is ${sizeLE}, expected 348 for NIfTI-1 or 540 for NIfTI-2)`
    );
  }
  const magicAt = version === 1 ? 344 : 4;
  const magic = String.fromCharCode(...bytes.subarray(magicAt, magicAt + 3));
  if (magic === "ni1" || magic === "ni2") {
    throw new Error(
      `${name}: this is the header of a .hdr/.img pair; seglens reads single-file .nii / .nii.gz only`
    );
  }
  if (magic !== `n+${version}`) {
    throw new Error(
      `${name}: bad NIfTI-${version} magic "${magic.replace(/[^\x20-\x7e]/g, "?")}" (expected "n+${version}")`
    );
  }
  if (version === 2 && bytes.length < 540) {
    throw new Error(`${name}: truncated NIfTI-2 header (${bytes.length} bytes of 540)`);
  }
  const header = version === 1 ? new import_nifti_reader_js.NIFTI1() : new import_nifti_reader_js.NIFTI2();
  const headerBytes = version === 1 ? 348 : 540;
  const buffer = bytes.slice(0, headerBytes).buffer;
  try {
    header.readHeader(buffer);
  } catch (error) {
    throw new Error(`${name}: corrupt NIfTI header (${errorMessage(error)})`);
  }
  return { header, version, view };
}
function sformRows(view, version, littleEndian) {
  const rows = [];
  for (let r = 0; r < 3; r++) {
    const row = [];
    for (let c = 0; c < 4; c++) {
      const value = version === 1 ? view.getFloat32(280 + (r * 4 + c) * 4, littleEndian) : view.getFloat64(400 + (r * 4 + c) * 8, littleEndian);
      row.push(value + 0);
    }
    rows.push(row);
  }
  rows.push([0, 0, 0, 1]);
  return rows;
}
function headerAffine(h, view, version) {
  const pixdim = [h.pixDims[1], h.pixDims[2], h.pixDims[3]];
  if (h.sform_code > 0) return { affine: sformRows(view, version, h.littleEndian), affineSource: "sform" };
  if (h.qform_code > 0) {
    const qfac = h.pixDims[0] < 0 ? -1 : 1;
    return {
      affine: qformToAffine(
        [h.quatern_b, h.quatern_c, h.quatern_d],
        [h.qoffset_x, h.qoffset_y, h.qoffset_z],
        pixdim,
        qfac
      ),
      affineSource: "qform"
    };
  }
  const [dx, dy, dz] = pixdim.map((p) => p > 0 ? p : 1);
  return {
    affine: [
      [dx, 0, 0, 0],
      [0, dy, 0, 0],
      [0, 0, dz, 0],
      [0, 0, 0, 1]
    ],
    affineSource: "pixdim"
  };
}
function parse(bytes, name) {
  const { header: h, version, view } = parseHeader(bytes, name);
  const rank = h.dims[0];
  if (!(rank >= 1 && rank <= 7))
    throw new Error(`${name}: corrupt NIfTI header (dim[0] is ${rank}, must be 1..7)`);
  const dims = h.dims.slice(1, rank + 1);
  if (dims.some((n) => !(n >= 1)))
    throw new Error(`${name}: corrupt NIfTI header (dims ${dims.join("x")} must be >= 1)`);
  const datatype = niftiDatatype(h.datatypeCode);
  const info = {
    version,
    littleEndian: h.littleEndian,
    dims,
    datatype: h.datatypeCode,
    datatypeName: datatype?.name ?? `code ${h.datatypeCode}`,
    pixdim: [h.pixDims[1], h.pixDims[2], h.pixDims[3]],
    voxOffset: Math.floor(h.vox_offset),
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    ...headerAffine(h, view, version),
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    intentCode: h.intent_code,
    description: h.description.replace(/\0.*$/s, "")
  };
  return { info, header: h };
}
function scalingApplies(info) {
  const { sclSlope: slope, sclInter: inter } = info;
  if (!Number.isFinite(slope) || slope === 0) return false;
  return slope !== 1 || Number.isFinite(inter) && inter !== 0;
}
function labelVoxels(voxels, float, name) {
  if (!float) return voxels;
  const out = new Int32Array(voxels.length);
  for (let i2 = 0; i2 < voxels.length; i2++) {
    const v = voxels[i2];
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new Error(`${name}: label map holds ${v} at voxel ${i2}; labels must be whole numbers`);
    }
    out[i2] = v;
  }
  return out;
}
function decodeNifti(data, options = {}) {
  const name = options.name ?? "NIfTI data";
  const bytes = inflate(toBytes(data), name);
  const { info } = parse(bytes, name);
  const datatype = niftiDatatype(info.datatype);
  if (!datatype) throw new Error(`${name}: ${unsupportedDatatypeMessage(info.datatype)}`);
  const [nx, ny = 1, nz = 1] = info.dims;
  const volumes = info.dims.slice(3).reduce((a, b) => a * b, 1);
  let timepoint = 0;
  if (options.timepoint !== void 0) {
    timepoint = options.timepoint;
    if (!Number.isInteger(timepoint) || timepoint < 0 || timepoint >= volumes) {
      throw new Error(
        `${name}: timepoint ${options.timepoint} is out of range (the file holds ${volumes} volume(s))`
      );
    }
  } else if (volumes > 1) {
    throw new Error(
      `${name}: ${info.dims.length}-D NIfTI (${info.dims.join("x")} voxels) is not supported; seglens reads 3-D volumes: pass { timepoint } to read one of them`
    );
  }
  const voxelBytes = datatype.bytes * datatype.channels;
  const volumeBytes = nx * ny * nz * voxelBytes;
  const start = info.voxOffset + timepoint * volumeBytes;
  const needed = info.voxOffset + volumes * volumeBytes;
  if (info.voxOffset < (info.version === 1 ? 348 : 540)) {
    throw new Error(`${name}: corrupt NIfTI header (vox_offset ${info.voxOffset} points inside the header)`);
  }
  if (bytes.length < needed) {
    throw new Error(
      `${name}: truncated: the header promises ${info.dims.join("x")} ${datatype.name} voxels (${needed - info.voxOffset} bytes from offset ${info.voxOffset}) but the file has ${bytes.length} bytes`
    );
  }
  const raw = bytes.slice(start, start + volumeBytes);
  if (!info.littleEndian) swapBytes2(raw, datatype.bytes);
  let voxels = datatype.create(raw.buffer);
  if (options.labels) {
    if (datatype.channels !== 1)
      throw new Error(`${name}: a label map must have one component per voxel, not rgb24`);
    voxels = labelVoxels(voxels, datatype.float, name);
  } else if (scalingApplies(info)) {
    const scaled = new Float32Array(voxels.length);
    for (let i2 = 0; i2 < voxels.length; i2++) scaled[i2] = voxels[i2] * info.sclSlope + info.sclInter;
    voxels = scaled;
  }
  const geometry = rasAffineToGeometry(info.affine, `${name}: NIfTI ${info.affineSource}`);
  const volume = createVolume({ voxels, dims: [nx, ny, nz], ...geometry, channels: datatype.channels });
  return { volume, header: info };
}

// ../data/src/nifti/file.ts
async function readNiftiFile(path, options = {}) {
  let bytes;
  try {
    bytes = await nodeFs("readNiftiFile").readFile(path);
  } catch (error) {
    throw new Error(`readNiftiFile: cannot read ${path}: ${errorMessage(error)}`);
  }
  return decodeNifti(bytes, { ...options, name: path });
}

// ../data/src/geometry/resample.ts
var { round } = Math;
function resampleLabels(source, target, options = {}) {
  if (source.channels !== 1) {
    throw new Error(`resampleLabels: the source must have one channel (a label map), got ${source.channels}`);
  }
  const background = options.background ?? 0;
  const targetVolume = { ...target, voxels: source.voxels, channels: 1 };
  const sourceIndexOf = (ijk) => lpsToIjk(source, ijkToLps(targetVolume, ijk));
  const o = sourceIndexOf([0, 0, 0]);
  const [si, sj, sk] = [0, 1, 2].map((axis) => {
    const unit2 = [0, 0, 0];
    unit2[axis] = 1;
    const p = sourceIndexOf(unit2);
    return [p[0] - o[0], p[1] - o[1], p[2] - o[2]];
  });
  const [nx, ny, nz] = target.dims;
  const [mx, my, mz] = source.dims;
  const src = source.voxels;
  const out = new src.constructor(nx * ny * nz);
  if (background !== 0) out.fill(background);
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let x2 = o[0] + j * sj[0] + k * sk[0];
      let y = o[1] + j * sj[1] + k * sk[1];
      let z = o[2] + j * sj[2] + k * sk[2];
      for (let i2 = 0; i2 < nx; i2++, n++, x2 += si[0], y += si[1], z += si[2]) {
        const a = round(x2);
        const b = round(y);
        const c = round(z);
        if (a >= 0 && a < mx && b >= 0 && b < my && c >= 0 && c < mz) out[n] = src[a + mx * (b + my * c)];
      }
    }
  }
  return {
    voxels: out,
    dims: [...target.dims],
    spacing: [...target.spacing],
    origin: [...target.origin],
    direction: [...target.direction],
    channels: 1,
    dicom: target.dicom,
    ...target.spacingUnknown ? { spacingUnknown: true } : {}
  };
}

// src/backend/select-backend.ts
var tf3 = __toESM(require("@tensorflow/tfjs-core"));
var import_tfjs_backend_cpu2 = require("@tensorflow/tfjs-backend-cpu");
var import_tfjs_backend_wasm10 = require("@tensorflow/tfjs-backend-wasm");
var import_tfjs_backend_webgl = require("@tensorflow/tfjs-backend-webgl");
var import_tfjs_backend_webgpu = require("@tensorflow/tfjs-backend-webgpu");

// src/kernels/register.ts
var import_tfjs_core13 = require("@tensorflow/tfjs-core");
var import_tfjs_backend_cpu = require("@tensorflow/tfjs-backend-cpu");
var import_tfjs_backend_wasm8 = require("@tensorflow/tfjs-backend-wasm");

// src/kernels/conv-geometry.ts
var import_tfjs_core = require("@tensorflow/tfjs-core");
function padOrCrop(before, after) {
  return {
    cropBefore: Math.max(0, -before),
    cropAfter: Math.max(0, -after),
    padBefore: Math.max(0, before),
    padAfter: Math.max(0, after)
  };
}
function convGeometry(xShape, filterShape, strides, pad2, dimRoundingMode) {
  const info = import_tfjs_core.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad2,
    dimRoundingMode,
    false,
    "channelsLast"
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left
  };
}
function filterGradAxis(inSize, filterSize, stride, padBefore, outSize) {
  return padOrCrop(padBefore, filterSize + (outSize - 1) * stride - padBefore - inSize);
}
function inputGradAxis(inSize, filterSize, stride, padBefore, outSize) {
  const before = filterSize - 1 - padBefore;
  const dilated = stride > 1 ? outSize * stride : outSize;
  return padOrCrop(before, inSize + filterSize - 1 - before - dilated);
}
function isPatchwise(g) {
  return g.filterHeight === g.strideHeight && g.filterWidth === g.strideWidth && g.padTop === 0 && g.padLeft === 0 && g.outHeight * g.strideHeight === g.inHeight && g.outWidth * g.strideWidth === g.inWidth;
}

// src/kernels/kernel-calls.ts
var import_tfjs_core2 = require("@tensorflow/tfjs-core");
var KernelCalls = class {
  constructor(backend2, backendName) {
    this.backend = backend2;
    this.backendName = backendName;
  }
  backend;
  backendName;
  owned = [];
  /** Runs the kernel `kernelName` of this backend; its output is owned until `release`. */
  run(kernelName, inputs, attrs = {}) {
    const kernel = (0, import_tfjs_core2.getKernel)(kernelName, this.backendName);
    if (kernel == null) {
      throw new Error(
        `KernelCalls: kernel '${kernelName}' is not registered for backend '${this.backendName}'`
      );
    }
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    const info = Array.isArray(out) ? out[0] : out;
    if (Array.isArray(out)) out.slice(1).forEach((extra) => this.backend.disposeData(extra.dataId));
    this.owned.push(info);
    return info;
  }
  reshape(x2, shape) {
    return this.run("Reshape", { x: x2 }, { shape });
  }
  transpose(x2, perm) {
    return this.run("Transpose", { x: x2 }, { perm });
  }
  /** Zero padding; `paddings` has one [before, after] pair per axis. */
  pad(x2, paddings) {
    return this.run("PadV2", { x: x2 }, { paddings, constantValue: 0 });
  }
  slice(x2, begin, size) {
    return this.run("Slice", { x: x2 }, { begin, size });
  }
  /** Frees every intermediate except `result` (reshapes share data, so counts are per TensorInfo). */
  release(result) {
    for (const info of this.owned) {
      if (info !== result) this.backend.disposeData(info.dataId);
    }
    this.owned.length = 0;
    return result;
  }
  /** Frees everything, for the error path. */
  releaseAll() {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned.length = 0;
  }
};
function kernelInput(inputs, name, kernelName) {
  const info = inputs[name];
  if (info == null) throw new Error(`${kernelName}: input '${name}' is missing`);
  return info;
}

// src/kernels/conv2d-backprop-filter.ts
var import_tfjs_backend_wasm = require("@tensorflow/tfjs-backend-wasm");

// src/kernels/simd/kernels-wasm.ts
var kernelsPlainBase64 = "AGFzbQEAAAABiQELYBF/f39/f39/f39/f39/f39/fwBgA39/fwBgDX9/f39/f39/f39/f38AYAZ/f39/f38AYAR/f39/AGAJf39/f39/f39/AGAFf39/f38AYAF7AXtgCH9/f39/f39/AGAQf39/f39/f39/f39/f39/fwBgFH9/f39/f39/f39/f39/f39/f39/AAIPAQNlbnYGbWVtb3J5AgABAxAPAAECAwQFBgYHBAgECAkKB5gBDgpmaWx0ZXJHcmFkAAAHYWRkSW50bwABC21heFBvb2xHcmFkAAIIY29weVJ1bnMAAwdzdW1Sb3dzAAQJYmF0Y2hOb3JtAAUIcmVsdUdyYWQABgpzcXVhcmVHcmFkAAcEZXhwZgAJDG91dGVyUHJvZHVjdAAKB21heFJvd3MACwZiaW5hcnkADARhZGFtAA0GY29udjJkAA4Kni0PxgkDFn8BfQt7IAJBACALIAxsIAogB2xsQQJ0/AsAIApBfHEhJSAHQXhxISYgDiAKbEECdCEjIAdBAnQhJCAHQQJ0IR8gAyERAkADQCARIARPDQEgESAFbiESIBEgEiAFbGshEyABIBEgBmwgB2xBAnRqIRhBACEUAkADQCAUIAtPDQEgEyANbCAUaiAPayEWIBYgCEkEQCAAIBIgCGwgFmogCWwgCmxBAnRqIRlBACEVAkADQCAVIAxPDQEgECAVayEXIBcgDmpBAWsgDm5BACAXQQBKGyEaIAlBAWsgECAVa2ohFyAXIA5uQQFqQQAgF0EAThshGyAbIAZLBEAgBiEbCyAaIBtIBEBBACEcAkADQCAcICVPDQFBACEdAkADQCAdICZPDQEgAiAUIAxsIBVqIApsIBxqIAdsIB1qQQJ0aiEeIB79AAQAISggHv0ABBAhKSAeIB9q/QAEACEqIB4gH2r9AAQQISsgHiAfQQF0av0ABAAhLCAeIB9BAXRq/QAEECEtIB4gH0EDbGr9AAQAIS4gHiAfQQNsav0ABBAhLyAZIBogDmwgFWogEGsgCmwgHGpBAnRqISAgGCAaIAdsIB1qQQJ0aiEhIBsgGmshIgNAICH9AAQAITAgIf0ABBAhMSAg/QkCACEyICggMiAw/eYB/eQBISggKSAyIDH95gH95AEhKSAg/QkCBCEyICogMiAw/eYB/eQBISogKyAyIDH95gH95AEhKyAg/QkCCCEyICwgMiAw/eYB/eQBISwgLSAyIDH95gH95AEhLSAg/QkCDCEyIC4gMiAw/eYB/eQBIS4gLyAyIDH95gH95AEhLyAgICNqISAgISAkaiEhICJBAWshIiAiDQALIB4gKP0LBAAgHiAp/QsEECAeIB9qICr9CwQAIB4gH2ogK/0LBBAgHiAfQQF0aiAs/QsEACAeIB9BAXRqIC39CwQQIB4gH0EDbGogLv0LBAAgHiAfQQNsaiAv/QsEECAdQQhqIR0MAAsLIBxBBGohHAwACwsgJSEcAkADQCAcIApPDQFBACEdAkADQCAdICZPDQEgAiAUIAxsIBVqIApsIBxqIAdsIB1qQQJ0aiEeIB79AAQAISggHv0ABBAhKSAZIBogDmwgFWogEGsgCmwgHGpBAnRqISAgGCAaIAdsIB1qQQJ0aiEhIBsgGmshIgNAICD9CQIAITIgKCAyICH9AAQA/eYB/eQBISggKSAyICH9AAQQ/eYB/eQBISkgICAjaiEgICEgJGohISAiQQFrISIgIg0ACyAeICj9CwQAIB4gKf0LBBAgHUEIaiEdDAALCyAcQQFqIRwMAAsLICYhHQJAA0AgHSAHTw0BQQAhHAJAA0AgHCAKTw0BIAIgFCAMbCAVaiAKbCAcaiAHbCAdakECdGohHiAeKgIAIScgGSAaIA5sIBVqIBBrIApsIBxqQQJ0aiEgIBggGiAHbCAdakECdGohISAbIBprISIDQCAnICAqAgAgISoCAJSSIScgICAjaiEgICEgJGohISAiQQFrISIgIg0ACyAeICc4AgAgHEEBaiEcDAALCyAdQQFqIR0MAAsLCyAVQQFqIRUMAAsLCyAUQQFqIRQMAAsLIBFBAWohEQwACwsLegECfyAAIAJBAnRqIQMgACACQXxxQQJ0aiEEAkADQCAAIARPDQEgACAA/QAEACAB/QAEAP3kAf0LBAAgAEEQaiEAIAFBEGohAQwACwsCQANAIAAgA08NASAAIAAqAgAgASoCAJI4AgAgAEEEaiEAIAFBBGohAQwACwsL3QMCCn8FeyACQQAgAyAEbCAFIAZsbEECdPwLACABIRZBACENAkADQCANIANPDQFBACEOAkADQCAOIAdPDQFBACEPAkADQCAPIAhPDQFBACEQAkADQCAQIAZPDQFDAACA//0TIRdBf/0RIRhBACERAkADQCARIAlPDQEgDiAJbCARaiALayETIBMgBEkEQEEAIRICQANAIBIgCk8NASAPIApsIBJqIAxrIRQgFCAFSQRAIA0gBGwgE2ogBWwgFGogBmwgEGpBAnQhFSAAIBVq/QAEACEZIBkgF/1EIRogGSAXIBr9UiEXIBEgCmwgEmr9ESAYIBr9UiEYCyASQQFqIRIMAAsLCyARQQFqIREMAAsLIBb9AAQAIRtBACERAkADQCARIAlPDQEgDiAJbCARaiALayETIBMgBEkEQEEAIRICQANAIBIgCk8NASAPIApsIBJqIAxrIRQgFCAFSQRAIA0gBGwgE2ogBWwgFGogBmwgEGpBAnQhFSACIBVqIBsgGCARIApsIBJq/RH9N/1O/QsEAAsgEkEBaiESDAALCwsgEUEBaiERDAALCyAWQRBqIRYgEEEEaiEQDAALCyAPQQFqIQ8MAAsLIA5BAWohDgwACwsgDUEBaiENDAALCwuIAQEBfyAFQQ9xRQRAAkADQCAERQ0BQQAhBgJAA0AgBiAFTw0BIAIgBmogACAGav0ABAD9CwQAIAZBEGohBgwACwsgACABaiEAIAIgA2ohAiAEQQFrIQQMAAsLBQJAA0AgBEUNASACIAAgBfwKAAAgACABaiEAIAIgA2ohAiAEQQFrIQQMAAsLCwtsAQN/IANBAnQhBSABQQAgBfwLACAAIAIgBWxqIQYCQANAIAAgBk8NAUEAIQQCQANAIAQgBU8NASABIARqIAEgBGr9AAQAIAAgBGr9AAQA/eQB/QsEACAEQRBqIQQMAAsLIAAgBWohAAwACwsL9QICBX8BeyAEQXxxIQ0gACACIARsQQJ0aiEJIAEgAiAEbEECdGohCiAAIAMgBGxBAnRqIQsCQANAIAkgC08NAUEAIQwCQANAIAwgDU8NASAJIAxBAnRq/QAEACAFIAxBAnRq/QAEAP3lASAGIAxBAnRq/QAEAP3mASEOIAogDEECdGogByAMQQN0av0ABAAgDv1fIAggDEEDdGr9AAQA/fMB/fAB/V4gByAMQQN0av0ABBAgDiAO/Q0ICQoLDA0ODwABAgMEBQYH/V8gCCAMQQN0av0ABBD98wH98AH9Xv0NAAECAwQFBgcQERITFBUWF/0LBAAgDEEEaiEMDAALCwJAA0AgDCAETw0BIAogDEECdGogByAMQQN0aisDACAJIAxBAnRqKgIAIAUgDEECdGoqAgCTIAYgDEECdGoqAgCUuyAIIAxBA3RqKwMAo6C2OAIAIAxBAWohDAwACwsgCSAEQQJ0aiEJIAogBEECdGohCgwACwsL6QEDAn8BewJ9IAMhBSADIAQgA2tBfHFqIQYCQANAIAUgBk8NASAAIAVBAnRq/QAEACEHIAIgBUECdGogASAFQQJ0av0ABAAgByAH/QwAAAAAAAAAAAAAAAAAAAAA/UT9DAAAgD8AAIA/AACAPwAAgD/9TiAHIAf9Qv1S/eYB/QsEACAFQQRqIQUMAAsLAkADQCAFIARPDQEgACAFQQJ0aioCACEJQwAAgD9DAAAAACAJQwAAAABeGyEIIAkgCCAJIAlcGyEIIAIgBUECdGogASAFQQJ0aioCACAIlDgCACAFQQFqIQUMAAsLC6UBAQJ/IAMhBSADIAQgA2tBfHFqIQYCQANAIAUgBk8NASACIAVBAnRqIAEgBUECdGr9AAQAIAAgBUECdGr9AAQA/QwAAABAAAAAQAAAAEAAAABA/eYB/eYB/QsEACAFQQRqIQUMAAsLAkADQCAFIARPDQEgAiAFQQJ0aiABIAVBAnRqKgIAIAAgBUECdGoqAgBDAAAAQJSUOAIAIAVBAWohBQwACwsLiAQBBnsgAP0MO6q4PzuquD87qrg/O6q4P/3mAf1qIQEgAf0MAAAWwwAAFsMAABbDAAAWw/3pAf0MAAAAQwAAAEMAAABDAAAAQ/3oASEBIAAgAf0MAIAxPwCAMT8AgDE/AIAxP/3mAf3lASAB/QyDgF65g4BeuYOAXrmDgF65/eYB/eUBIQL9DGdpUDlnaVA5Z2lQOWdpUDkhAyADIAL95gH9DM5DtzrOQ7c6zkO3Os5Dtzr95AEhAyADIAL95gH9DAiJCDwIiQg8CIkIPAiJCDz95AEhAyADIAL95gH9DMGpKj3BqSo9wakqPcGpKj395AEhAyADIAL95gH9DKqqKj6qqio+qqoqPqqqKj795AEhAyADIAL95gH9DAAAAD8AAAA/AAAAPwAAAD/95AEhAyADIAIgAv3mAf3mASAC/eQB/QwAAIA/AACAPwAAgD8AAIA//eQBIQYgAf34ASEEIARBAf2sASEFIAYgBf0MfwAAAH8AAAB/AAAAfwAAAP2uAUEX/asB/eYBIAQgBf2xAf0MfwAAAH8AAAB/AAAAfwAAAP2uAUEX/asB/eYBIQb9DAAAgH8AAIB/AACAfwAAgH8gBiAA/QwYcrFCGHKxQhhysUIYcrFC/UT9UiEG/QwAAAAAAAAAAAAAAAAAAAAAIAYgAP0MtfHPwrXxz8K18c/CtfHPwv1D/VILmQIDAn8BewF/IAIhBCACIAMgAmtBfHFqIQUCQANAIAQgBU8NASABIARBAnRqIAAgBEECdGr9AAQAEAj9CwQAIARBBGohBAwACwsgBCADSQRA/QwAAAAAAAAAAAAAAAAAAAAAIQYgBCEHIAcgA0kEQCAGIAAgB0ECdGoqAgD9IAAhBgsgBEEBaiEHIAcgA0kEQCAGIAAgB0ECdGoqAgD9IAEhBgsgBEECaiEHIAcgA0kEQCAGIAAgB0ECdGoqAgD9IAIhBgsgBhAIIQYgASAEQQJ0aiAG/R8AOAIAIARBAWohByAHIANJBEAgASAHQQJ0aiAG/R8BOAIACyAEQQJqIQcgByADSQRAIAEgB0ECdGogBv0fAjgCAAsLC/ABAwV/AX0BeyAFQXxxIQsCQANAIAggA08NASAAIQxBACEJAkADQCAJIARPDQEgDCoCACENIA39EyEOQQAhCgJAA0AgCiALTw0BIAIgCkECdGogDiABIApBAnRq/QAEAP3mAf0MAAAAAAAAAAAAAAAAAAAAAP3kAf0LBAAgCkEEaiEKDAALCwJAA0AgCiAFTw0BIAIgCkECdGogDSABIApBAnRqKgIAlEMAAAAAkjgCACAKQQFqIQoMAAsLIAIgBUECdGohAiAMQQRqIQwgCUEBaiEJDAALCyAAIAZqIQAgASAHaiEBIAhBAWohCAwACwsLcwICfwJ9AkADQCAEIAJPDQEgACoCACEGQQEhBQJAA0AgBSADTw0BIAAgBUECdGoqAgAhByAHIAYgByAGXiAHIAdcchshBiAFQQFqIQUMAAsLIAEgBEECdGogBjgCACAAIANBAnRqIQAgBEEBaiEEDAALCwuYAwQDfwJ7AX0BfyAEIQggB0EBRgRAAkADQCAIIAVPDQFBACEJIAIhDgJAA0AgCSAGTw0BIAEgCCAJakECdGr9AAQAIQsgDv0ABAAhDCADIAggCWpBAnRqIABFBHsgCyAM/eQBBSAAQQFGBHsgCyAM/eUBBSALIAz95gELC/0LBAAgDkEQaiEOIAlBBGohCQwACwsgCCAGaiEIDAALCw8LIAQgBSAEa0F8cWohCiAHQQJGBEAgAioCACENIA39EyEMCwJAA0AgCCAKTw0BIAEgCEECdGr9AAQAIQsgB0UEQCACIAhBAnRq/QAEACEMCyADIAhBAnRqIABFBHsgCyAM/eQBBSAAQQFGBHsgCyAM/eUBBSALIAz95gELC/0LBAAgCEEEaiEIDAALCwJAA0AgCCAFTw0BIAdFBEAgAiAIQQJ0aioCACENCyADIAhBAnRqIABFBH0gASAIQQJ0aioCACANkgUgAEEBRgR9IAEgCEECdGoqAgAgDZMFIAEgCEECdGoqAgAgDZQLCzgCACAIQQFqIQgMAAsLC/oCAwN/CnsDfSAJvv0TIRMgCr79EyEUIAu+/RMhFSAMvv0TIRYgDb79EyEXIA6+/RMhGCAPvv0TIRkgByEQIAcgCCAHa0F8cWohEQJAA0AgECARTw0BIBBBAnQhEiABIBJq/QAEACEaIAIgEmr9AAQAIBP95gEgGiAU/eYB/eQBIRsgAyASav0ABAAgFf3mASAaIBr95gEgFv3mAf3kASEcIAUgEmogG/0LBAAgBiASaiAc/QsEACAEIBJqIAAgEmr9AAQAIBcgGyAc/eMBIBj95wEgGf3kAf3nAf3mAf3kAf0LBAAgEEEEaiEQDAALCwJAA0AgECAITw0BIBBBAnQhEiABIBJqKgIAIR0gAiASaioCACAJvpQgHSAKvpSSIR4gAyASaioCACALvpQgHSAdlCAMvpSSIR8gBSASaiAeOAIAIAYgEmogHzgCACAEIBJqIAAgEmoqAgAgDb4gHiAfkSAOvpUgD76SlZSSOAIAIBBBAWohEAwACwsL2AcKFH8GewF/AnsBfwJ7AX8CewF/AnsgDEECdCEiIAlBAnQhJSAFIRQCQANAIBQgBk8NASAUIAduIRUgFCAVIAdsayEWIAMgFCAIbCAJbEECdGohJkEAIRcCQANAIBcgCU8NASACBEAgAiAXQQJ0av0ABAAhKCACIBdBAnRq/QAEECEpBSAtISggLSEpC0EAIRgCQANAIBggCE8NASAoIS8gKSEwICghMiApITMgKCE1ICkhNiAoITggKSE5IAEgF0ECdGohHyAQQQFGIBggEmtBAE4gGEEDaiASayALIA5rTHFxBEBBASEjIA4gDGwhJAUgDiEjIAwhJAtBACEZAkADQCAZIA1PDQEgFiAPbCAZaiARayEbIBsgCkkhHSAAIBUgCmwgG2ogC2wgImxqIR5BACEaAkADQCAaICNPDQEgGEEAaiAQbCAaaiASayEcIB4gHCAibGogBCAdIBwgC0lxGyEuIBhBAWogEGwgGmogEmshHCAeIBwgImxqIAQgHSAcIAtJcRshMSAYQQJqIBBsIBpqIBJrIRwgHiAcICJsaiAEIB0gHCALSXEbITQgGEEDaiAQbCAaaiASayEcIB4gHCAibGogBCAdIBwgC0lxGyE3IB8hICAkISEDQCAg/QAEACEqICD9AAQQISsgLv0JAgAhLCAvICwgKv3mAf3kASEvIDAgLCAr/eYB/eQBITAgMf0JAgAhLCAyICwgKv3mAf3kASEyIDMgLCAr/eYB/eQBITMgNP0JAgAhLCA1ICwgKv3mAf3kASE1IDYgLCAr/eYB/eQBITYgN/0JAgAhLCA4ICwgKv3mAf3kASE4IDkgLCAr/eYB/eQBITkgICAlaiEgIC5BBGohLiAxQQRqITEgNEEEaiE0IDdBBGohNyAhQQFrISEgIQ0ACyAfICRBAnQgCWxqIR8gGkEBaiEaDAALCyAZQQFqIRkMAAsLICYgGCAJbCAXakECdGohJyAYQQBqIAhJBEAgJyAtIC/96wEgLyATG/0LBAAgJyAtIDD96wEgMCATG/0LBBALICcgJWohJyAYQQFqIAhJBEAgJyAtIDL96wEgMiATG/0LBAAgJyAtIDP96wEgMyATG/0LBBALICcgJWohJyAYQQJqIAhJBEAgJyAtIDX96wEgNSATG/0LBAAgJyAtIDb96wEgNiATG/0LBBALICcgJWohJyAYQQNqIAhJBEAgJyAtIDj96wEgOCATG/0LBAAgJyAtIDn96wEgOSATG/0LBBALICcgJWohJyAYQQRqIRgMAAsLIBdBCGohFwwACwsgFEEBaiEUDAALCws=";
var kernelsSharedBase64 = "AGFzbQEAAAABiQELYBF/f39/f39/f39/f39/f39/fwBgA39/fwBgDX9/f39/f39/f39/f38AYAZ/f39/f38AYAR/f39/AGAJf39/f39/f39/AGAFf39/f38AYAF7AXtgCH9/f39/f39/AGAQf39/f39/f39/f39/f39/fwBgFH9/f39/f39/f39/f39/f39/f39/AAISAQNlbnYGbWVtb3J5AgMBgIAEAxAPAAECAwQFBgYHBAgECAkKB5gBDgpmaWx0ZXJHcmFkAAAHYWRkSW50bwABC21heFBvb2xHcmFkAAIIY29weVJ1bnMAAwdzdW1Sb3dzAAQJYmF0Y2hOb3JtAAUIcmVsdUdyYWQABgpzcXVhcmVHcmFkAAcEZXhwZgAJDG91dGVyUHJvZHVjdAAKB21heFJvd3MACwZiaW5hcnkADARhZGFtAA0GY29udjJkAA4Kni0PxgkDFn8BfQt7IAJBACALIAxsIAogB2xsQQJ0/AsAIApBfHEhJSAHQXhxISYgDiAKbEECdCEjIAdBAnQhJCAHQQJ0IR8gAyERAkADQCARIARPDQEgESAFbiESIBEgEiAFbGshEyABIBEgBmwgB2xBAnRqIRhBACEUAkADQCAUIAtPDQEgEyANbCAUaiAPayEWIBYgCEkEQCAAIBIgCGwgFmogCWwgCmxBAnRqIRlBACEVAkADQCAVIAxPDQEgECAVayEXIBcgDmpBAWsgDm5BACAXQQBKGyEaIAlBAWsgECAVa2ohFyAXIA5uQQFqQQAgF0EAThshGyAbIAZLBEAgBiEbCyAaIBtIBEBBACEcAkADQCAcICVPDQFBACEdAkADQCAdICZPDQEgAiAUIAxsIBVqIApsIBxqIAdsIB1qQQJ0aiEeIB79AAQAISggHv0ABBAhKSAeIB9q/QAEACEqIB4gH2r9AAQQISsgHiAfQQF0av0ABAAhLCAeIB9BAXRq/QAEECEtIB4gH0EDbGr9AAQAIS4gHiAfQQNsav0ABBAhLyAZIBogDmwgFWogEGsgCmwgHGpBAnRqISAgGCAaIAdsIB1qQQJ0aiEhIBsgGmshIgNAICH9AAQAITAgIf0ABBAhMSAg/QkCACEyICggMiAw/eYB/eQBISggKSAyIDH95gH95AEhKSAg/QkCBCEyICogMiAw/eYB/eQBISogKyAyIDH95gH95AEhKyAg/QkCCCEyICwgMiAw/eYB/eQBISwgLSAyIDH95gH95AEhLSAg/QkCDCEyIC4gMiAw/eYB/eQBIS4gLyAyIDH95gH95AEhLyAgICNqISAgISAkaiEhICJBAWshIiAiDQALIB4gKP0LBAAgHiAp/QsEECAeIB9qICr9CwQAIB4gH2ogK/0LBBAgHiAfQQF0aiAs/QsEACAeIB9BAXRqIC39CwQQIB4gH0EDbGogLv0LBAAgHiAfQQNsaiAv/QsEECAdQQhqIR0MAAsLIBxBBGohHAwACwsgJSEcAkADQCAcIApPDQFBACEdAkADQCAdICZPDQEgAiAUIAxsIBVqIApsIBxqIAdsIB1qQQJ0aiEeIB79AAQAISggHv0ABBAhKSAZIBogDmwgFWogEGsgCmwgHGpBAnRqISAgGCAaIAdsIB1qQQJ0aiEhIBsgGmshIgNAICD9CQIAITIgKCAyICH9AAQA/eYB/eQBISggKSAyICH9AAQQ/eYB/eQBISkgICAjaiEgICEgJGohISAiQQFrISIgIg0ACyAeICj9CwQAIB4gKf0LBBAgHUEIaiEdDAALCyAcQQFqIRwMAAsLICYhHQJAA0AgHSAHTw0BQQAhHAJAA0AgHCAKTw0BIAIgFCAMbCAVaiAKbCAcaiAHbCAdakECdGohHiAeKgIAIScgGSAaIA5sIBVqIBBrIApsIBxqQQJ0aiEgIBggGiAHbCAdakECdGohISAbIBprISIDQCAnICAqAgAgISoCAJSSIScgICAjaiEgICEgJGohISAiQQFrISIgIg0ACyAeICc4AgAgHEEBaiEcDAALCyAdQQFqIR0MAAsLCyAVQQFqIRUMAAsLCyAUQQFqIRQMAAsLIBFBAWohEQwACwsLegECfyAAIAJBAnRqIQMgACACQXxxQQJ0aiEEAkADQCAAIARPDQEgACAA/QAEACAB/QAEAP3kAf0LBAAgAEEQaiEAIAFBEGohAQwACwsCQANAIAAgA08NASAAIAAqAgAgASoCAJI4AgAgAEEEaiEAIAFBBGohAQwACwsL3QMCCn8FeyACQQAgAyAEbCAFIAZsbEECdPwLACABIRZBACENAkADQCANIANPDQFBACEOAkADQCAOIAdPDQFBACEPAkADQCAPIAhPDQFBACEQAkADQCAQIAZPDQFDAACA//0TIRdBf/0RIRhBACERAkADQCARIAlPDQEgDiAJbCARaiALayETIBMgBEkEQEEAIRICQANAIBIgCk8NASAPIApsIBJqIAxrIRQgFCAFSQRAIA0gBGwgE2ogBWwgFGogBmwgEGpBAnQhFSAAIBVq/QAEACEZIBkgF/1EIRogGSAXIBr9UiEXIBEgCmwgEmr9ESAYIBr9UiEYCyASQQFqIRIMAAsLCyARQQFqIREMAAsLIBb9AAQAIRtBACERAkADQCARIAlPDQEgDiAJbCARaiALayETIBMgBEkEQEEAIRICQANAIBIgCk8NASAPIApsIBJqIAxrIRQgFCAFSQRAIA0gBGwgE2ogBWwgFGogBmwgEGpBAnQhFSACIBVqIBsgGCARIApsIBJq/RH9N/1O/QsEAAsgEkEBaiESDAALCwsgEUEBaiERDAALCyAWQRBqIRYgEEEEaiEQDAALCyAPQQFqIQ8MAAsLIA5BAWohDgwACwsgDUEBaiENDAALCwuIAQEBfyAFQQ9xRQRAAkADQCAERQ0BQQAhBgJAA0AgBiAFTw0BIAIgBmogACAGav0ABAD9CwQAIAZBEGohBgwACwsgACABaiEAIAIgA2ohAiAEQQFrIQQMAAsLBQJAA0AgBEUNASACIAAgBfwKAAAgACABaiEAIAIgA2ohAiAEQQFrIQQMAAsLCwtsAQN/IANBAnQhBSABQQAgBfwLACAAIAIgBWxqIQYCQANAIAAgBk8NAUEAIQQCQANAIAQgBU8NASABIARqIAEgBGr9AAQAIAAgBGr9AAQA/eQB/QsEACAEQRBqIQQMAAsLIAAgBWohAAwACwsL9QICBX8BeyAEQXxxIQ0gACACIARsQQJ0aiEJIAEgAiAEbEECdGohCiAAIAMgBGxBAnRqIQsCQANAIAkgC08NAUEAIQwCQANAIAwgDU8NASAJIAxBAnRq/QAEACAFIAxBAnRq/QAEAP3lASAGIAxBAnRq/QAEAP3mASEOIAogDEECdGogByAMQQN0av0ABAAgDv1fIAggDEEDdGr9AAQA/fMB/fAB/V4gByAMQQN0av0ABBAgDiAO/Q0ICQoLDA0ODwABAgMEBQYH/V8gCCAMQQN0av0ABBD98wH98AH9Xv0NAAECAwQFBgcQERITFBUWF/0LBAAgDEEEaiEMDAALCwJAA0AgDCAETw0BIAogDEECdGogByAMQQN0aisDACAJIAxBAnRqKgIAIAUgDEECdGoqAgCTIAYgDEECdGoqAgCUuyAIIAxBA3RqKwMAo6C2OAIAIAxBAWohDAwACwsgCSAEQQJ0aiEJIAogBEECdGohCgwACwsL6QEDAn8BewJ9IAMhBSADIAQgA2tBfHFqIQYCQANAIAUgBk8NASAAIAVBAnRq/QAEACEHIAIgBUECdGogASAFQQJ0av0ABAAgByAH/QwAAAAAAAAAAAAAAAAAAAAA/UT9DAAAgD8AAIA/AACAPwAAgD/9TiAHIAf9Qv1S/eYB/QsEACAFQQRqIQUMAAsLAkADQCAFIARPDQEgACAFQQJ0aioCACEJQwAAgD9DAAAAACAJQwAAAABeGyEIIAkgCCAJIAlcGyEIIAIgBUECdGogASAFQQJ0aioCACAIlDgCACAFQQFqIQUMAAsLC6UBAQJ/IAMhBSADIAQgA2tBfHFqIQYCQANAIAUgBk8NASACIAVBAnRqIAEgBUECdGr9AAQAIAAgBUECdGr9AAQA/QwAAABAAAAAQAAAAEAAAABA/eYB/eYB/QsEACAFQQRqIQUMAAsLAkADQCAFIARPDQEgAiAFQQJ0aiABIAVBAnRqKgIAIAAgBUECdGoqAgBDAAAAQJSUOAIAIAVBAWohBQwACwsLiAQBBnsgAP0MO6q4PzuquD87qrg/O6q4P/3mAf1qIQEgAf0MAAAWwwAAFsMAABbDAAAWw/3pAf0MAAAAQwAAAEMAAABDAAAAQ/3oASEBIAAgAf0MAIAxPwCAMT8AgDE/AIAxP/3mAf3lASAB/QyDgF65g4BeuYOAXrmDgF65/eYB/eUBIQL9DGdpUDlnaVA5Z2lQOWdpUDkhAyADIAL95gH9DM5DtzrOQ7c6zkO3Os5Dtzr95AEhAyADIAL95gH9DAiJCDwIiQg8CIkIPAiJCDz95AEhAyADIAL95gH9DMGpKj3BqSo9wakqPcGpKj395AEhAyADIAL95gH9DKqqKj6qqio+qqoqPqqqKj795AEhAyADIAL95gH9DAAAAD8AAAA/AAAAPwAAAD/95AEhAyADIAIgAv3mAf3mASAC/eQB/QwAAIA/AACAPwAAgD8AAIA//eQBIQYgAf34ASEEIARBAf2sASEFIAYgBf0MfwAAAH8AAAB/AAAAfwAAAP2uAUEX/asB/eYBIAQgBf2xAf0MfwAAAH8AAAB/AAAAfwAAAP2uAUEX/asB/eYBIQb9DAAAgH8AAIB/AACAfwAAgH8gBiAA/QwYcrFCGHKxQhhysUIYcrFC/UT9UiEG/QwAAAAAAAAAAAAAAAAAAAAAIAYgAP0MtfHPwrXxz8K18c/CtfHPwv1D/VILmQIDAn8BewF/IAIhBCACIAMgAmtBfHFqIQUCQANAIAQgBU8NASABIARBAnRqIAAgBEECdGr9AAQAEAj9CwQAIARBBGohBAwACwsgBCADSQRA/QwAAAAAAAAAAAAAAAAAAAAAIQYgBCEHIAcgA0kEQCAGIAAgB0ECdGoqAgD9IAAhBgsgBEEBaiEHIAcgA0kEQCAGIAAgB0ECdGoqAgD9IAEhBgsgBEECaiEHIAcgA0kEQCAGIAAgB0ECdGoqAgD9IAIhBgsgBhAIIQYgASAEQQJ0aiAG/R8AOAIAIARBAWohByAHIANJBEAgASAHQQJ0aiAG/R8BOAIACyAEQQJqIQcgByADSQRAIAEgB0ECdGogBv0fAjgCAAsLC/ABAwV/AX0BeyAFQXxxIQsCQANAIAggA08NASAAIQxBACEJAkADQCAJIARPDQEgDCoCACENIA39EyEOQQAhCgJAA0AgCiALTw0BIAIgCkECdGogDiABIApBAnRq/QAEAP3mAf0MAAAAAAAAAAAAAAAAAAAAAP3kAf0LBAAgCkEEaiEKDAALCwJAA0AgCiAFTw0BIAIgCkECdGogDSABIApBAnRqKgIAlEMAAAAAkjgCACAKQQFqIQoMAAsLIAIgBUECdGohAiAMQQRqIQwgCUEBaiEJDAALCyAAIAZqIQAgASAHaiEBIAhBAWohCAwACwsLcwICfwJ9AkADQCAEIAJPDQEgACoCACEGQQEhBQJAA0AgBSADTw0BIAAgBUECdGoqAgAhByAHIAYgByAGXiAHIAdcchshBiAFQQFqIQUMAAsLIAEgBEECdGogBjgCACAAIANBAnRqIQAgBEEBaiEEDAALCwuYAwQDfwJ7AX0BfyAEIQggB0EBRgRAAkADQCAIIAVPDQFBACEJIAIhDgJAA0AgCSAGTw0BIAEgCCAJakECdGr9AAQAIQsgDv0ABAAhDCADIAggCWpBAnRqIABFBHsgCyAM/eQBBSAAQQFGBHsgCyAM/eUBBSALIAz95gELC/0LBAAgDkEQaiEOIAlBBGohCQwACwsgCCAGaiEIDAALCw8LIAQgBSAEa0F8cWohCiAHQQJGBEAgAioCACENIA39EyEMCwJAA0AgCCAKTw0BIAEgCEECdGr9AAQAIQsgB0UEQCACIAhBAnRq/QAEACEMCyADIAhBAnRqIABFBHsgCyAM/eQBBSAAQQFGBHsgCyAM/eUBBSALIAz95gELC/0LBAAgCEEEaiEIDAALCwJAA0AgCCAFTw0BIAdFBEAgAiAIQQJ0aioCACENCyADIAhBAnRqIABFBH0gASAIQQJ0aioCACANkgUgAEEBRgR9IAEgCEECdGoqAgAgDZMFIAEgCEECdGoqAgAgDZQLCzgCACAIQQFqIQgMAAsLC/oCAwN/CnsDfSAJvv0TIRMgCr79EyEUIAu+/RMhFSAMvv0TIRYgDb79EyEXIA6+/RMhGCAPvv0TIRkgByEQIAcgCCAHa0F8cWohEQJAA0AgECARTw0BIBBBAnQhEiABIBJq/QAEACEaIAIgEmr9AAQAIBP95gEgGiAU/eYB/eQBIRsgAyASav0ABAAgFf3mASAaIBr95gEgFv3mAf3kASEcIAUgEmogG/0LBAAgBiASaiAc/QsEACAEIBJqIAAgEmr9AAQAIBcgGyAc/eMBIBj95wEgGf3kAf3nAf3mAf3kAf0LBAAgEEEEaiEQDAALCwJAA0AgECAITw0BIBBBAnQhEiABIBJqKgIAIR0gAiASaioCACAJvpQgHSAKvpSSIR4gAyASaioCACALvpQgHSAdlCAMvpSSIR8gBSASaiAeOAIAIAYgEmogHzgCACAEIBJqIAAgEmoqAgAgDb4gHiAfkSAOvpUgD76SlZSSOAIAIBBBAWohEAwACwsL2AcKFH8GewF/AnsBfwJ7AX8CewF/AnsgDEECdCEiIAlBAnQhJSAFIRQCQANAIBQgBk8NASAUIAduIRUgFCAVIAdsayEWIAMgFCAIbCAJbEECdGohJkEAIRcCQANAIBcgCU8NASACBEAgAiAXQQJ0av0ABAAhKCACIBdBAnRq/QAEECEpBSAtISggLSEpC0EAIRgCQANAIBggCE8NASAoIS8gKSEwICghMiApITMgKCE1ICkhNiAoITggKSE5IAEgF0ECdGohHyAQQQFGIBggEmtBAE4gGEEDaiASayALIA5rTHFxBEBBASEjIA4gDGwhJAUgDiEjIAwhJAtBACEZAkADQCAZIA1PDQEgFiAPbCAZaiARayEbIBsgCkkhHSAAIBUgCmwgG2ogC2wgImxqIR5BACEaAkADQCAaICNPDQEgGEEAaiAQbCAaaiASayEcIB4gHCAibGogBCAdIBwgC0lxGyEuIBhBAWogEGwgGmogEmshHCAeIBwgImxqIAQgHSAcIAtJcRshMSAYQQJqIBBsIBpqIBJrIRwgHiAcICJsaiAEIB0gHCALSXEbITQgGEEDaiAQbCAaaiASayEcIB4gHCAibGogBCAdIBwgC0lxGyE3IB8hICAkISEDQCAg/QAEACEqICD9AAQQISsgLv0JAgAhLCAvICwgKv3mAf3kASEvIDAgLCAr/eYB/eQBITAgMf0JAgAhLCAyICwgKv3mAf3kASEyIDMgLCAr/eYB/eQBITMgNP0JAgAhLCA1ICwgKv3mAf3kASE1IDYgLCAr/eYB/eQBITYgN/0JAgAhLCA4ICwgKv3mAf3kASE4IDkgLCAr/eYB/eQBITkgICAlaiEgIC5BBGohLiAxQQRqITEgNEEEaiE0IDdBBGohNyAhQQFrISEgIQ0ACyAfICRBAnQgCWxqIR8gGkEBaiEaDAALCyAZQQFqIRkMAAsLICYgGCAJbCAXakECdGohJyAYQQBqIAhJBEAgJyAtIC/96wEgLyATG/0LBAAgJyAtIDD96wEgMCATG/0LBBALICcgJWohJyAYQQFqIAhJBEAgJyAtIDL96wEgMiATG/0LBAAgJyAtIDP96wEgMyATG/0LBBALICcgJWohJyAYQQJqIAhJBEAgJyAtIDX96wEgNSATG/0LBAAgJyAtIDb96wEgNiATG/0LBBALICcgJWohJyAYQQNqIAhJBEAgJyAtIDj96wEgOCATG/0LBAAgJyAtIDn96wEgOSATG/0LBBALICcgJWohJyAYQQRqIRgMAAsLIBdBCGohFwwACwsgFEEBaiEUDAALCws=";

// src/kernels/simd/simd-module.ts
function heapOffset(backend2, t) {
  return backend2.typedArrayFromHeap(t).byteOffset;
}
var instances = /* @__PURE__ */ new WeakMap();
function decodeBase64(base64) {
  const text2 = atob(base64);
  const bytes = new Uint8Array(text2.length);
  for (let i2 = 0; i2 < text2.length; i2++) bytes[i2] = text2.charCodeAt(i2);
  return bytes;
}
function isSharedMemory(memory) {
  return typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
}
function simdKernelsBase64(memory) {
  return isSharedMemory(memory) ? kernelsSharedBase64 : kernelsPlainBase64;
}
function wasmBackendMemory(backend2) {
  const module2 = backend2.wasm;
  const memory = module2?.wasmMemory ?? module2?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : void 0;
}
function simdKernelsOn(memory) {
  const cached = instances.get(memory);
  if (cached !== void 0) return cached;
  let kernels = null;
  try {
    const module2 = new WebAssembly.Module(decodeBase64(simdKernelsBase64(memory)));
    kernels = new WebAssembly.Instance(module2, { env: { memory } }).exports;
  } catch {
    kernels = null;
  }
  instances.set(memory, kernels);
  return kernels;
}

// src/kernels/simd/simd-pool.ts
var POOL_FUNCTIONS = [
  "filterGrad",
  "batchNorm",
  "reluGrad",
  "squareGrad",
  "expf",
  "conv2d",
  "binary",
  "adam"
];
var MAX_POOL_THREADS = 8;
var MAX_CALLS = 8;
var ARG_COUNT = 20;
var GENERATION = 0;
var DONE = 1;
var READY = 2;
var FAILED = 3;
var COUNT = 4;
var CALLS = 5;
var CALL_SLOTS = 1 + ARG_COUNT;
var SLOTS = CALLS + CALL_SLOTS * MAX_CALLS;
var STOP = -1;
var HELPER_SOURCE = `
function start(d) {
  const bytes = Uint8Array.from(atob(d.base64), (c) => c.charCodeAt(0));
  const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: d.memory } }).exports;
  const table = ${JSON.stringify(POOL_FUNCTIONS)}.map((name) => kernels[name]);
  const c = new Int32Array(d.control);
  Atomics.store(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  let seen = 0;
  for (;;) {
    Atomics.wait(c, ${GENERATION}, seen);
    seen = Atomics.load(c, ${GENERATION});
    if (seen === ${STOP}) return;
    try {
      for (let i = 0; i < c[${COUNT}]; i++) {
        const at = ${CALLS} + ${CALL_SLOTS} * i;
        table[c[at]](...c.subarray(at + 1, at + ${CALL_SLOTS}));
      }
    } catch {
      // a trap must not leave the caller waiting: it reports the failure, and the caller throws
      Atomics.store(c, ${FAILED}, 1);
    }
    Atomics.store(c, ${DONE}, seen);
    Atomics.notify(c, ${DONE});
  }
}
if (typeof require === 'function' && typeof process === 'object') start(require('node:worker_threads').workerData);
else self.onmessage = (e) => start(e.data);
`;
function canBlock() {
  const g = globalThis;
  return typeof g.process?.versions?.node === "string" || typeof g.WorkerGlobalScope !== "undefined";
}
function startHelper(data) {
  const proc = globalThis.process;
  if (typeof proc?.versions?.node === "string") {
    const threads = proc.getBuiltinModule?.("node:worker_threads");
    if (!threads) return null;
    const worker2 = new threads.Worker(HELPER_SOURCE, { eval: true, workerData: data });
    worker2.unref();
    return () => void worker2.terminate();
  }
  const g = globalThis;
  if (!g.Worker || !g.Blob || !g.URL) return null;
  const url = g.URL.createObjectURL(new g.Blob([HELPER_SOURCE], { type: "text/javascript" }));
  const worker = new g.Worker(url);
  worker.postMessage(data);
  return () => {
    worker.terminate();
    g.URL?.revokeObjectURL(url);
  };
}
function call(kernels, c) {
  if (c.args.length !== ARG_COUNT)
    throw new Error(`SimdPool: ${c.fn} takes ${ARG_COUNT} arguments, got ${c.args.length}`);
  kernels[c.fn](...c.args);
}
var SimdPool = class {
  threads;
  kernels;
  helpers = [];
  constructor(memory, threads) {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new Error(`SimdPool: threads must be a positive integer, got ${threads}`);
    }
    const kernels = simdKernelsOn(memory);
    if (!kernels) throw new Error("SimdPool: WebAssembly SIMD is not available");
    this.kernels = kernels;
    this.threads = Math.min(threads, MAX_POOL_THREADS);
    if (this.threads < 2 || !isSharedMemory(memory) || !canBlock()) return;
    for (let i2 = 1; i2 < this.threads; i2++) {
      const control = new SharedArrayBuffer(SLOTS * 4);
      try {
        const stop = startHelper({ base64: kernelsSharedBase64, memory, control });
        if (!stop) break;
        this.helpers.push({ control: new Int32Array(control), generation: 0, stop });
      } catch {
        break;
      }
    }
  }
  /** Helpers that have started and will take work (0 until their workers are up). */
  readyHelpers() {
    return this.helpers.filter((h) => Atomics.load(h.control, READY) === 1).length;
  }
  /** Resolves once every helper started has reported ready (or after `timeoutMs`) with the number ready. */
  async whenReady(timeoutMs = 1e4) {
    const until = Date.now() + timeoutMs;
    while (this.readyHelpers() < this.helpers.length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 5));
    return this.readyHelpers();
  }
  /** Runs list t on thread t (list 0 on the caller) and returns when all are done. */
  run(lists) {
    if (lists.length > this.threads)
      throw new Error(`SimdPool.run: ${lists.length} lists for ${this.threads} threads`);
    const posted = [];
    const local = [...lists[0] ?? []];
    for (let t = 1; t < lists.length; t++) {
      const helper = this.helpers[t - 1];
      const list = lists[t];
      if (helper && list.length <= MAX_CALLS && Atomics.load(helper.control, READY) === 1) {
        helper.control[COUNT] = list.length;
        list.forEach((c, i2) => {
          if (c.args.length !== ARG_COUNT)
            throw new Error(`SimdPool: ${c.fn} takes ${ARG_COUNT} arguments, got ${c.args.length}`);
          helper.control[CALLS + CALL_SLOTS * i2] = POOL_FUNCTIONS.indexOf(c.fn);
          helper.control.set(c.args, CALLS + CALL_SLOTS * i2 + 1);
        });
        helper.generation = helper.generation === 2147483632 ? 1 : helper.generation + 1;
        Atomics.store(helper.control, GENERATION, helper.generation);
        Atomics.notify(helper.control, GENERATION);
        posted.push(helper);
      } else {
        local.push(...list);
      }
    }
    try {
      for (const c of local) call(this.kernels, c);
    } finally {
      for (const helper of posted) {
        for (let done = Atomics.load(helper.control, DONE); done !== helper.generation; done = Atomics.load(helper.control, DONE)) {
          Atomics.wait(helper.control, DONE, done);
        }
      }
    }
    for (const helper of posted) {
      if (Atomics.exchange(helper.control, FAILED, 0) === 1) {
        throw new Error(
          `SimdPool.run: a helper thread failed in ${lists.flat().map((c) => c.fn).join(", ")}`
        );
      }
    }
  }
  /** Stops the helpers (the pool then runs everything on the caller). */
  dispose() {
    for (const h of this.helpers.splice(0)) {
      Atomics.store(h.control, GENERATION, STOP);
      Atomics.notify(h.control, GENERATION);
      h.stop();
    }
  }
};
function poolArgs(args) {
  if (args.length > ARG_COUNT)
    throw new Error(`SimdPool: at most ${ARG_COUNT} arguments, got ${args.length}`);
  return args.concat(new Array(ARG_COUNT - args.length).fill(0));
}
function runSplit(pool, fn, count, args, minPerThread, align = 1) {
  const threads = Math.max(1, Math.min(pool.threads, Math.floor(count / minPerThread)));
  const padded = (start, end) => poolArgs(args(start, end));
  if (threads === 1) {
    pool.kernels[fn](...padded(0, count));
    return;
  }
  const bound = (t) => t === threads ? count : Math.floor(count * t / threads / align) * align;
  pool.run(Array.from({ length: threads }, (_, t) => [{ fn, args: padded(bound(t), bound(t + 1)) }]));
}
var pools = /* @__PURE__ */ new WeakMap();
function simdPool(memory, threads) {
  let pool = pools.get(memory);
  if (!pool || pool.threads !== Math.min(threads, MAX_POOL_THREADS)) {
    pool?.dispose();
    pool = new SimdPool(memory, threads);
    pools.set(memory, pool);
  }
  return pool;
}

// src/kernels/simd/filter-grad-simd.ts
function simdFilterGradFits(shape) {
  return shape.inChannels > 0 && shape.outChannels > 0;
}
function filterGradArgs(x2, dy, dw, s, rowStart, rowEnd) {
  return [
    x2,
    dy,
    dw,
    rowStart,
    rowEnd,
    s.outHeight,
    s.outWidth,
    s.outChannels,
    s.inHeight,
    s.inWidth,
    s.inChannels
  ].concat([s.filterHeight, s.filterWidth, s.strideHeight, s.strideWidth, s.padTop, s.padLeft]);
}
var FILTER_GRAD_CHUNKS = 8;
function runFilterGradChunks(pool, x2, dy, dw, shape) {
  if (dw.length !== FILTER_GRAD_CHUNKS)
    throw new Error(`runFilterGradChunks: needs ${FILTER_GRAD_CHUNKS} dW buffers, got ${dw.length}`);
  const rows = shape.batch * shape.outHeight;
  const bound = (k) => Math.round(rows * k / FILTER_GRAD_CHUNKS);
  const lists = Array.from({ length: pool.threads }, (_, t) => {
    const first = Math.round(FILTER_GRAD_CHUNKS * t / pool.threads);
    const end = Math.round(FILTER_GRAD_CHUNKS * (t + 1) / pool.threads);
    return Array.from({ length: end - first }, (_2, i2) => {
      const k = first + i2;
      return {
        fn: "filterGrad",
        args: poolArgs(filterGradArgs(x2, dy, dw[k], shape, bound(k), bound(k + 1)))
      };
    });
  });
  pool.run(lists);
  const n = shape.filterHeight * shape.filterWidth * shape.inChannels * shape.outChannels;
  for (let k = 1; k < FILTER_GRAD_CHUNKS; k++) pool.kernels.addInto(dw[0], dw[k], n);
}

// src/kernels/conv2d-backprop-filter.ts
function simdFilterGrad(backend2, x2, dy, attrs) {
  if (attrs.dataFormat === "NCHW" || x2.dtype !== "float32" || dy.dtype !== "float32") return null;
  const memory = wasmBackendMemory(backend2);
  if (!memory || !simdKernelsOn(memory)) return null;
  const g = convGeometry(
    x2.shape,
    attrs.filterShape,
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode
  );
  if (!simdFilterGradFits(g)) return null;
  const expected = [g.batch, g.outHeight, g.outWidth, g.outChannels];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(
      `Conv2DBackpropFilter: dy has shape [${dy.shape}] but the convolution gives [${expected}]`
    );
  }
  const heap = backend2;
  const pool = simdPool(memory, Math.max(1, (0, import_tfjs_backend_wasm.getThreadsCount)() || 1));
  const out = heap.makeOutput([...attrs.filterShape], "float32");
  const partials = Array.from(
    { length: FILTER_GRAD_CHUNKS - 1 },
    () => heap.makeOutput([...attrs.filterShape], "float32")
  );
  try {
    const at = (t) => heapOffset(heap, t);
    runFilterGradChunks(pool, at(x2), at(dy), [out, ...partials].map(at), g);
  } catch (error) {
    backend2.disposeData(out.dataId);
    throw error;
  } finally {
    partials.forEach((p) => backend2.disposeData(p.dataId));
  }
  return out;
}
function conv2dBackpropFilterViaConv(backendName, simdEnabled = true) {
  return ({ inputs, backend: backend2, attrs }) => {
    const x2 = kernelInput(inputs, "x", "Conv2DBackpropFilter");
    const dy = kernelInput(inputs, "dy", "Conv2DBackpropFilter");
    const { strides, pad: pad2, dataFormat, dimRoundingMode, filterShape } = attrs;
    if (backendName === "wasm" && simdEnabled) {
      const direct = simdFilterGrad(backend2, x2, dy, attrs);
      if (direct) return direct;
    }
    const calls = new KernelCalls(backend2, backendName);
    try {
      const channelsFirst = dataFormat === "NCHW";
      const xh = channelsFirst ? calls.transpose(x2, [0, 2, 3, 1]) : x2;
      const dyh = channelsFirst ? calls.transpose(dy, [0, 2, 3, 1]) : dy;
      const g = convGeometry(xh.shape, filterShape, strides, pad2, dimRoundingMode);
      const expected = [g.batch, g.outHeight, g.outWidth, g.outChannels];
      if (dyh.shape.join() !== expected.join()) {
        throw new Error(
          `Conv2DBackpropFilter: dy has shape [${dyh.shape}] but the convolution gives [${expected}]`
        );
      }
      const ah = filterGradAxis(g.inHeight, g.filterHeight, g.strideHeight, g.padTop, g.outHeight);
      const aw = filterGradAxis(g.inWidth, g.filterWidth, g.strideWidth, g.padLeft, g.outWidth);
      let xt = calls.transpose(xh, [3, 1, 2, 0]);
      if (ah.cropBefore + ah.cropAfter + aw.cropBefore + aw.cropAfter > 0) {
        const h = g.inHeight - ah.cropBefore - ah.cropAfter;
        const w = g.inWidth - aw.cropBefore - aw.cropAfter;
        xt = calls.slice(xt, [0, ah.cropBefore, aw.cropBefore, 0], [g.inChannels, h, w, g.batch]);
      }
      const dyFilter = calls.transpose(dyh, [1, 2, 0, 3]);
      const grad = calls.run(
        "Conv2D",
        { x: xt, filter: dyFilter },
        {
          strides: [1, 1],
          dilations: [g.strideHeight, g.strideWidth],
          pad: [
            [0, 0],
            [ah.padBefore, ah.padAfter],
            [aw.padBefore, aw.padAfter],
            [0, 0]
          ],
          dataFormat: "NHWC"
        }
      );
      return calls.release(calls.transpose(grad, [1, 2, 0, 3]));
    } catch (error) {
      calls.releaseAll();
      throw error;
    }
  };
}

// src/kernels/conv2d-backprop-input.ts
function patchwise(calls, dy, filter, g) {
  const { batch: b, outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw, inChannels: ci } = g;
  const co = g.outChannels;
  const rows = [];
  for (let ky = 0; ky < kh; ky++) {
    const taps = calls.slice(filter, [ky, 0, 0, 0], [1, kw, ci, co]);
    const w = calls.reshape(calls.transpose(taps, [3, 0, 1, 2]), [1, 1, co, kw * ci]);
    const m = calls.run(
      "Conv2D",
      { x: dy, filter: w },
      { strides: [1, 1], dilations: [1, 1], pad: "valid", dataFormat: "NHWC" }
    );
    rows.push(calls.reshape(m, [b * ho, 1, wo * kw * ci]));
  }
  const interleaved = rows.length === 1 ? rows[0] : calls.run("Concat", rows, { axis: 1 });
  return calls.reshape(interleaved, [b, ho * kh, wo * kw, ci]);
}
function viaFlippedConv(calls, dy, filter, g) {
  const { batch: b, outHeight: ho, outWidth: wo, outChannels: co, strideHeight: sh, strideWidth: sw } = g;
  let dyd = dy;
  if (sh > 1 || sw > 1) {
    const spread = calls.pad(calls.reshape(dy, [b, ho, 1, wo, 1, co]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0]
    ]);
    dyd = calls.reshape(spread, [b, ho * sh, wo * sw, co]);
  }
  const ah = inputGradAxis(g.inHeight, g.filterHeight, sh, g.padTop, ho);
  const aw = inputGradAxis(g.inWidth, g.filterWidth, sw, g.padLeft, wo);
  if (ah.cropBefore + ah.cropAfter + aw.cropBefore + aw.cropAfter > 0) {
    const [, h, w] = dyd.shape;
    dyd = calls.slice(
      dyd,
      [0, ah.cropBefore, aw.cropBefore, 0],
      [b, h - ah.cropBefore - ah.cropAfter, w - aw.cropBefore - aw.cropAfter, co]
    );
  }
  const flipped = calls.transpose(calls.run("Reverse", { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
  return calls.run(
    "Conv2D",
    { x: dyd, filter: flipped },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [ah.padBefore, ah.padAfter],
        [aw.padBefore, aw.padAfter],
        [0, 0]
      ],
      dataFormat: "NHWC"
    }
  );
}
function conv2dBackpropInputViaConv(backendName) {
  return ({ inputs, backend: backend2, attrs }) => {
    const dy = kernelInput(inputs, "dy", "Conv2DBackpropInput");
    const filter = kernelInput(inputs, "filter", "Conv2DBackpropInput");
    const { inputShape, strides, pad: pad2, dataFormat, dimRoundingMode } = attrs;
    const calls = new KernelCalls(backend2, backendName);
    try {
      const channelsFirst = dataFormat === "NCHW";
      const xShape = channelsFirst ? [inputShape[0], inputShape[2], inputShape[3], inputShape[1]] : inputShape;
      const dyh = channelsFirst ? calls.transpose(dy, [0, 2, 3, 1]) : dy;
      const g = convGeometry(xShape, filter.shape, strides, pad2, dimRoundingMode);
      const expected = [g.batch, g.outHeight, g.outWidth, g.outChannels];
      if (dyh.shape.join() !== expected.join()) {
        throw new Error(
          `Conv2DBackpropInput: dy has shape [${dyh.shape}] but inputShape [${inputShape}] gives [${expected}]`
        );
      }
      const dx = isPatchwise(g) ? patchwise(calls, dyh, filter, g) : viaFlippedConv(calls, dyh, filter, g);
      return calls.release(channelsFirst ? calls.transpose(dx, [0, 3, 1, 2]) : dx);
    } catch (error) {
      calls.releaseAll();
      throw error;
    }
  };
}

// src/kernels/wasm-data-movement.ts
var import_tfjs_core3 = require("@tensorflow/tfjs-core");
var SHORT_RUN = 64;
function simdOf(backend2) {
  const memory = wasmBackendMemory(backend2);
  return memory ? simdKernelsOn(memory) : null;
}
function copyRuns(simd, src, srcStart, srcStride, dst, dstStart, dstStride, runs, run) {
  if (simd && run < SHORT_RUN * 16) {
    const e = src.BYTES_PER_ELEMENT;
    simd.copyRuns(
      src.byteOffset + srcStart * e,
      srcStride * e,
      dst.byteOffset + dstStart * e,
      dstStride * e,
      runs,
      run * e
    );
    return;
  }
  if (run >= SHORT_RUN) {
    for (let r = 0; r < runs; r++)
      dst.set(
        src.subarray(srcStart + r * srcStride, srcStart + r * srcStride + run),
        dstStart + r * dstStride
      );
    return;
  }
  let s = srcStart;
  let d = dstStart;
  for (let r = 0; r < runs; r++, s += srcStride, d += dstStride) {
    for (let j = 0; j < run; j++) dst[d + j] = src[s + j];
  }
}
function wasmOf(backend2) {
  return backend2;
}
function axisOf(axis, rank, kernel) {
  const a = Array.isArray(axis) ? axis[0] : axis;
  if (typeof a !== "number" || !Number.isInteger(a) || a < -rank || a >= rank)
    throw new Error(`${kernel}: axis must be an integer in [-${rank}, ${rank}), got ${String(axis)}`);
  return a < 0 ? a + rank : a;
}
function wasmConcat({ inputs, backend: backend2, attrs }) {
  const all = Array.isArray(inputs) ? inputs : Object.values(inputs);
  const list = all.filter((t) => import_tfjs_core3.util.sizeFromShape(t.shape) > 0);
  if (all.length === 0) throw new Error("Concat: needs at least one input");
  const rank = all[0].shape.length;
  const axis = axisOf(attrs?.axis, rank, "Concat");
  const outShape = [...all[0].shape];
  outShape[axis] = all.reduce((sum2, t) => sum2 + t.shape[axis], 0);
  for (const t of all) {
    if (t.dtype !== all[0].dtype || t.shape.length !== rank || t.shape.some((d, i2) => i2 !== axis && d !== all[0].shape[i2])) {
      throw new Error(
        `Concat: inputs [${all.map((x2) => `${x2.dtype}[${x2.shape}]`).join(", ")}] do not agree off axis ${axis}`
      );
    }
  }
  const wasm = wasmOf(backend2);
  const out = wasm.makeOutput(outShape, all[0].dtype);
  if (list.length === 0) return out;
  const dst = wasm.typedArrayFromHeap(out);
  const simd = simdOf(backend2);
  const outer = import_tfjs_core3.util.sizeFromShape(outShape.slice(0, axis));
  const total = import_tfjs_core3.util.sizeFromShape(outShape.slice(axis));
  let offset = 0;
  for (const t of list) {
    const inner = import_tfjs_core3.util.sizeFromShape(t.shape.slice(axis));
    copyRuns(simd, wasm.typedArrayFromHeap(t), 0, inner, dst, offset, total, outer, inner);
    offset += inner;
  }
  return out;
}
function fullStrides(shape) {
  const strides = new Array(shape.length).fill(1);
  for (let i2 = shape.length - 2; i2 >= 0; i2--) strides[i2] = strides[i2 + 1] * shape[i2 + 1];
  return strides;
}
function sliceBox(wasm, x2, begin, size) {
  const out = wasm.makeOutput(size, x2.dtype);
  if (import_tfjs_core3.util.sizeFromShape(size) === 0) return out;
  const src = wasm.typedArrayFromHeap(x2);
  const dst = wasm.typedArrayFromHeap(out);
  const simd = simdOf(wasm);
  const rank = x2.shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  const strides = fullStrides(x2.shape);
  let last = rank - 1;
  let run = size[last];
  while (last > 0 && size[last] === x2.shape[last] && begin[last] === 0) {
    last--;
    run *= size[last];
  }
  let srcBase = 0;
  for (let a = 0; a <= last; a++) srcBase += begin[a] * strides[a];
  if (last === 0) {
    copyRuns(simd, src, srcBase, 0, dst, 0, 0, 1, run);
    return out;
  }
  const lineAxis = last - 1;
  const lineLength = size[lineAxis];
  const lineStride = strides[lineAxis];
  const lines = import_tfjs_core3.util.sizeFromShape(size.slice(0, lineAxis));
  const counter = new Array(lineAxis).fill(0);
  let d = 0;
  for (let l = 0; l < lines; l++) {
    copyRuns(simd, src, srcBase, lineStride, dst, d, run, lineLength, run);
    d += lineLength * run;
    for (let a = lineAxis - 1; a >= 0; a--) {
      counter[a]++;
      srcBase += strides[a];
      if (counter[a] < size[a]) break;
      srcBase -= counter[a] * strides[a];
      counter[a] = 0;
    }
  }
  return out;
}
function normaliseBox(shape, begin, size, kernel) {
  const rank = shape.length;
  const b = typeof begin === "number" ? [begin, ...new Array(rank - 1).fill(0)] : [...begin];
  while (b.length < rank) b.push(0);
  const s = size === void 0 ? shape.map((d, i2) => d - b[i2]) : typeof size === "number" ? [size, ...shape.slice(1)] : [...size];
  while (s.length < rank) s.push(-1);
  for (let i2 = 0; i2 < rank; i2++) {
    if (s[i2] === -1) s[i2] = shape[i2] - b[i2];
    if (b[i2] < 0 || s[i2] < 0 || b[i2] + s[i2] > shape[i2])
      throw new Error(`${kernel}: box begin [${b}] size [${s}] does not fit shape [${shape}]`);
  }
  return [b, s];
}
function wasmSlice({ inputs, backend: backend2, attrs }) {
  const x2 = inputs.x;
  if (x2 == null) throw new Error("Slice: input 'x' is missing");
  const [begin, size] = normaliseBox(
    x2.shape,
    attrs?.begin,
    attrs?.size,
    "Slice"
  );
  return sliceBox(wasmOf(backend2), x2, begin, size);
}
function wasmSplitV({ inputs, backend: backend2, attrs }) {
  const x2 = inputs.x;
  if (x2 == null) throw new Error("SplitV: input 'x' is missing");
  const axis = axisOf(attrs?.axis, x2.shape.length, "SplitV");
  const spec = attrs?.numOrSizeSplits;
  let sizes;
  if (typeof spec === "number") {
    if (x2.shape[axis] % spec !== 0)
      throw new Error(`SplitV: ${x2.shape[axis]} is not divisible into ${spec} parts`);
    sizes = new Array(spec).fill(x2.shape[axis] / spec);
  } else {
    const known = spec.filter((s) => s !== -1).reduce((a, b) => a + b, 0);
    sizes = spec.map((s) => s === -1 ? x2.shape[axis] - known : s);
  }
  if (sizes.reduce((a, b) => a + b, 0) !== x2.shape[axis])
    throw new Error(`SplitV: sizes [${sizes}] do not add up to ${x2.shape[axis]}`);
  const wasm = wasmOf(backend2);
  const begin = new Array(x2.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x2.shape];
    size[axis] = s;
    const part = sliceBox(wasm, x2, [...begin], size);
    begin[axis] += s;
    return part;
  });
}
function wasmIdentity({ inputs, backend: backend2 }) {
  const x2 = inputs.x;
  if (x2 == null) throw new Error("Identity: input 'x' is missing");
  if (x2.dtype === "string") throw new Error("Identity: string tensors are left to the native kernel");
  wasmOf(backend2).incRef(x2.dataId);
  return { dataId: x2.dataId, shape: [...x2.shape], dtype: x2.dtype };
}
function wasmTile({ inputs, backend: backend2, attrs }) {
  const x2 = inputs.x;
  if (x2 == null) throw new Error("Tile: input 'x' is missing");
  const rank = x2.shape.length;
  const given = attrs?.reps;
  const reps = Array.isArray(given) ? given : [];
  if (reps.length !== rank || !reps.every((r) => typeof r === "number" && Number.isInteger(r) && r >= 0)) {
    throw new Error(
      `Tile: reps must be ${rank} non-negative integers for shape [${x2.shape}], got ${String(given)}`
    );
  }
  const outShape = x2.shape.map((d, a) => d * reps[a]);
  const wasm = wasmOf(backend2);
  const out = wasm.makeOutput(outShape, x2.dtype);
  if (import_tfjs_core3.util.sizeFromShape(outShape) === 0) return out;
  const src = wasm.typedArrayFromHeap(x2);
  const dst = wasm.typedArrayFromHeap(out);
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  const simd = simdOf(backend2);
  const xStrides = fullStrides(x2.shape);
  const outStrides = fullStrides(outShape);
  const fill = (a, s, d) => {
    const n = x2.shape[a];
    if (a === rank - 1) copyRuns(simd, src, s, 0, dst, d, 0, 1, n);
    else for (let i2 = 0; i2 < n; i2++) fill(a + 1, s + i2 * xStrides[a], d + i2 * outStrides[a]);
    const block = n * outStrides[a];
    const times = reps[a] - 1;
    if (times > 0) copyRuns(simd, dst, d, 0, dst, d + block, block, times, block);
  };
  fill(0, 0, 0);
  return out;
}
function wasmReverse({ inputs, backend: backend2, attrs }) {
  const x2 = inputs.x;
  if (x2 == null) throw new Error("Reverse: input 'x' is missing");
  const rank = x2.shape.length;
  const given = attrs?.dims;
  const list = given == null ? x2.shape.map((_, a) => a) : Array.isArray(given) ? given : [given];
  const reversed = new Array(rank).fill(false);
  for (const d of list) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < -rank || d >= rank)
      throw new Error(
        `Reverse: dims must be integers in [-${rank}, ${rank}) for shape [${x2.shape}], got ${String(given)}`
      );
    reversed[d < 0 ? d + rank : d] = true;
  }
  const wasm = wasmOf(backend2);
  const out = wasm.makeOutput([...x2.shape], x2.dtype);
  const size = import_tfjs_core3.util.sizeFromShape(x2.shape);
  if (size === 0) return out;
  const src = wasm.typedArrayFromHeap(x2);
  const dst = wasm.typedArrayFromHeap(out);
  const last = reversed.lastIndexOf(true);
  if (last < 0) {
    dst.set(src);
    return out;
  }
  const simd = simdOf(backend2);
  const strides = fullStrides(x2.shape);
  const walk = (a, s, d) => {
    const n = x2.shape[a];
    const stride = strides[a];
    if (a === last && a === rank - 1) {
      for (let i2 = 0; i2 < n; i2++) dst[d + i2] = src[s + n - 1 - i2];
      return;
    }
    if (a === last) {
      if (reversed[a])
        for (let i2 = 0; i2 < n; i2++)
          copyRuns(simd, src, s + (n - 1 - i2) * stride, 0, dst, d + i2 * stride, 0, 1, stride);
      else copyRuns(simd, src, s, 0, dst, d, 0, 1, n * stride);
      return;
    }
    for (let i2 = 0; i2 < n; i2++) walk(a + 1, s + (reversed[a] ? n - 1 - i2 : i2) * stride, d + i2 * stride);
  };
  walk(0, 0, 0);
  return out;
}

// src/kernels/simd/max-pool-grad-simd.ts
var import_tfjs_core4 = require("@tensorflow/tfjs-core");

// src/kernels/simd/max-pool-grad-loop.ts
function maxPoolGradLoop(x2, dy, dx, info) {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels: c,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth
  } = info;
  const { filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let ch = 0; ch < c; ch++, o++) {
          let max2 = -Infinity;
          let at = -1;
          for (let kh = 0; kh < filterHeight; kh++) {
            const iy = oy * strideHeight + kh - top;
            if (iy < 0 || iy >= inHeight) continue;
            for (let kw = 0; kw < filterWidth; kw++) {
              const ix = ox * strideWidth + kw - left;
              if (ix < 0 || ix >= inWidth) continue;
              const i2 = ((b * inHeight + iy) * inWidth + ix) * c + ch;
              if (x2[i2] > max2) {
                max2 = x2[i2];
                at = i2;
              }
            }
          }
          if (at >= 0) dx[at] += dy[o];
        }
      }
    }
  }
}

// src/kernels/simd/max-pool-grad-simd.ts
function simdMaxPoolGrad({ inputs, backend: backend2, attrs }) {
  const { dy, input: input2 } = inputs;
  if (!dy || !input2 || dy.dtype !== "float32" || input2.dtype !== "float32" || input2.shape.length !== 4)
    return null;
  const { filterSize, strides, pad: pad2, dimRoundingMode } = attrs;
  const info = import_tfjs_core4.backend_util.computePool2DInfo(
    input2.shape,
    filterSize,
    strides,
    1,
    pad2,
    dimRoundingMode
  );
  const expected = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(
      `MaxPoolGrad: dy has shape [${dy.shape}] but pooling [${input2.shape}] gives [${expected}]`
    );
  }
  const heap = backend2;
  const dx = heap.makeOutput([...input2.shape], "float32");
  const nonOverlapping = info.strideHeight === info.filterHeight && info.strideWidth === info.filterWidth;
  const memory = wasmBackendMemory(backend2);
  const kernels = memory && simdKernelsOn(memory);
  if (!kernels || !nonOverlapping || info.inChannels % 4 !== 0) {
    maxPoolGradLoop(
      heap.typedArrayFromHeap(input2),
      heap.typedArrayFromHeap(dy),
      heap.typedArrayFromHeap(dx),
      info
    );
    return dx;
  }
  const at = (t) => heapOffset(heap, t);
  kernels.maxPoolGrad(
    at(input2),
    at(dy),
    at(dx),
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.padInfo.top,
    info.padInfo.left
  );
  return dx;
}

// src/kernels/simd/sum-simd.ts
var import_tfjs_core5 = require("@tensorflow/tfjs-core");
function simdSum(args) {
  return leadingAxesReduction(args, false);
}
function simdMean(args) {
  return leadingAxesReduction(args, true);
}
function leadingAxesReduction({ inputs, backend: backend2, attrs }, mean) {
  const { x: x2 } = inputs;
  if (!x2 || x2.dtype !== "float32" || x2.shape.length < 2) return null;
  const { axis, keepDims } = attrs;
  const rank = x2.shape.length;
  const axes = import_tfjs_core5.util.parseAxisParam(axis, x2.shape);
  if (axes.length !== rank - 1 || axes.some((a, i2) => a !== i2)) return null;
  const c = x2.shape[rank - 1];
  const size = import_tfjs_core5.util.sizeFromShape(x2.shape);
  if (c === 0 || c % 4 !== 0 || size === 0) return null;
  const memory = wasmBackendMemory(backend2);
  const kernels = memory && simdKernelsOn(memory);
  if (!kernels) return null;
  const heap = backend2;
  const out = heap.makeOutput(keepDims ? [...new Array(rank - 1).fill(1), c] : [c], "float32");
  const rows = size / c;
  kernels.sumRows(heapOffset(heap, x2), heapOffset(heap, out), rows, c);
  if (mean) {
    const sums = new Float32Array(memory.buffer, heapOffset(heap, out), c);
    for (let i2 = 0; i2 < c; i2++) sums[i2] = sums[i2] / rows;
  }
  return out;
}

// src/kernels/simd/batch-norm-simd.ts
var import_tfjs_core6 = require("@tensorflow/tfjs-core");
var import_tfjs_backend_wasm2 = require("@tensorflow/tfjs-backend-wasm");
var MIN_ROWS_PER_THREAD = 4096;
function simdBatchNorm({ inputs, backend: backend2, attrs }) {
  const { x: x2, mean, variance, offset, scale } = inputs;
  if (!x2 || !mean || !variance || x2.dtype !== "float32" || x2.shape.length < 1) return null;
  const c = x2.shape[x2.shape.length - 1];
  const perChannel = (t) => t === void 0 || t.dtype === "float32" && import_tfjs_core6.util.sizeFromShape(t.shape) === c;
  if (c === 0 || ![mean, variance, offset, scale].every(perChannel)) return null;
  const size = import_tfjs_core6.util.sizeFromShape(x2.shape);
  if (size === 0) return null;
  const memory = wasmBackendMemory(backend2);
  if (!memory || !simdKernelsOn(memory)) return null;
  const heap = backend2;
  const out = heap.makeOutput([...x2.shape], "float32");
  const scratch = heap.makeOutput([6 * c + 1], "float32");
  try {
    const base = heapOffset(heap, scratch);
    const at = base + (base % 8 === 0 ? 0 : 4);
    const offsets = new Float64Array(memory.buffer, at, c);
    const divisors = new Float64Array(memory.buffer, at + 8 * c, c);
    const means = new Float32Array(memory.buffer, at + 16 * c, c);
    const scales = new Float32Array(memory.buffer, at + 20 * c, c);
    const values = (t) => heap.typedArrayFromHeap(t);
    const epsilon = Math.fround(attrs?.varianceEpsilon ?? 1e-3);
    const v = values(variance);
    for (let i2 = 0; i2 < c; i2++) divisors[i2] = Math.fround(Math.sqrt(Math.fround(v[i2] + epsilon)));
    means.set(values(mean));
    if (scale) scales.set(values(scale));
    else scales.fill(1);
    if (offset) offsets.set(values(offset));
    else offsets.fill(0);
    const xAt = heapOffset(heap, x2);
    const outAt = heapOffset(heap, out);
    const pool = simdPool(memory, Math.max(1, (0, import_tfjs_backend_wasm2.getThreadsCount)() || 1));
    const args = (r0, r1) => [
      xAt,
      outAt,
      r0,
      r1,
      c,
      at + 16 * c,
      at + 20 * c,
      at,
      at + 8 * c
    ];
    runSplit(pool, "batchNorm", size / c, args, MIN_ROWS_PER_THREAD);
  } catch (error) {
    backend2.disposeData(out.dataId);
    throw error;
  } finally {
    backend2.disposeData(scratch.dataId);
  }
  return out;
}

// src/kernels/simd/elementwise-grad-simd.ts
var import_tfjs_core7 = require("@tensorflow/tfjs-core");
var import_tfjs_backend_wasm3 = require("@tensorflow/tfjs-backend-wasm");
var RELU_GRAD = "SeglensReluGrad";
var SQUARE_GRAD = "SeglensSquareGrad";
var MIN_PER_THREAD = 65536;
function step(x2) {
  return x2 > 0 ? 1 : Number.isNaN(x2) ? NaN : 0;
}
var SCALAR = {
  [RELU_GRAD]: (dy, x2) => dy * step(x2),
  [SQUARE_GRAD]: (dy, x2) => dy * Math.fround(x2 * 2)
};
var SIMD = {
  [RELU_GRAD]: "reluGrad",
  [SQUARE_GRAD]: "squareGrad"
};
function wasmElementwiseGrad(name) {
  return ({ inputs, backend: backend2 }) => {
    const { dy, x: x2 } = inputs;
    if (!dy || !x2 || dy.dtype !== "float32" || x2.dtype !== "float32" || !import_tfjs_core7.util.arraysEqual(dy.shape, x2.shape)) {
      throw new Error(
        `${name}: dy and x must be float32 tensors of one shape, got ${dy?.dtype}[${dy?.shape}] and ${x2?.dtype}[${x2?.shape}]`
      );
    }
    const heap = backend2;
    const out = heap.makeOutput([...x2.shape], "float32");
    const size = import_tfjs_core7.util.sizeFromShape(x2.shape);
    const memory = wasmBackendMemory(backend2);
    const kernels = memory && simdKernelsOn(memory);
    if (!memory || !kernels) {
      const [xs, dys, dx] = [x2, dy, out].map((t) => heap.typedArrayFromHeap(t));
      const f = SCALAR[name];
      for (let i2 = 0; i2 < size; i2++) dx[i2] = f(dys[i2], xs[i2]);
      return out;
    }
    const [xAt, dyAt, dxAt] = [x2, dy, out].map((t) => heapOffset(heap, t));
    const pool = simdPool(memory, Math.max(1, (0, import_tfjs_backend_wasm3.getThreadsCount)() || 1));
    runSplit(pool, SIMD[name], size, (i0, i1) => [xAt, dyAt, dxAt, i0, i1], MIN_PER_THREAD, 4);
    return out;
  };
}

// src/kernels/simd/exp-simd.ts
var import_tfjs_core8 = require("@tensorflow/tfjs-core");
var import_tfjs_backend_wasm4 = require("@tensorflow/tfjs-backend-wasm");
var MIN_PER_THREAD2 = 65536;
function simdExp({ inputs, backend: backend2 }) {
  const { x: x2 } = inputs;
  if (!x2 || x2.dtype !== "float32") return null;
  const memory = wasmBackendMemory(backend2);
  const kernels = memory && simdKernelsOn(memory);
  if (!memory || !kernels) return null;
  const heap = backend2;
  const out = heap.makeOutput([...x2.shape], "float32");
  const size = import_tfjs_core8.util.sizeFromShape(x2.shape);
  if (size === 0) return out;
  const [xAt, outAt] = [x2, out].map((t) => heapOffset(heap, t));
  const pool = simdPool(memory, Math.max(1, (0, import_tfjs_backend_wasm4.getThreadsCount)() || 1));
  runSplit(pool, "expf", size, (i0, i1) => [xAt, outAt, i0, i1], MIN_PER_THREAD2, 4);
  return out;
}

// src/kernels/simd/conv2d-simd.ts
var import_tfjs_backend_wasm5 = require("@tensorflow/tfjs-backend-wasm");
var CONV2D_CHANNEL_BLOCK = 8;
var MIN_MACS_PER_THREAD = 1e6;
function isOne(d) {
  return d === void 0 || d === 1 || Array.isArray(d) && d[0] === 1 && d[1] === 1;
}
function simdConv2DGeometry({ inputs, attrs }, fused2) {
  const { x: x2, filter, bias, preluActivationWeights } = inputs;
  if (!x2 || !filter || x2.dtype !== "float32" || filter.dtype !== "float32") return null;
  if (x2.shape.length !== 4 || filter.shape.length !== 4) return null;
  const a = attrs;
  if (!a || a.dataFormat !== void 0 && a.dataFormat !== "NHWC" || !isOne(a.dilations)) return null;
  const [, , inC, outC] = filter.shape;
  if (x2.shape[3] !== inC || inC < 1 || outC < CONV2D_CHANNEL_BLOCK || outC % CONV2D_CHANNEL_BLOCK !== 0)
    return null;
  if (fused2) {
    if (preluActivationWeights) return null;
    if (a.activation !== void 0 && a.activation !== "linear" && a.activation !== "relu") return null;
    if (bias && (bias.dtype !== "float32" || bias.shape.reduce((p, d) => p * d, 1) !== outC)) return null;
  } else if (bias) {
    return null;
  }
  const g = convGeometry(x2.shape, filter.shape, a.strides, a.pad, a.dimRoundingMode);
  if (g.batch * g.outHeight * g.outWidth === 0) return null;
  return g;
}
function conv2dArgs(at, g, relu, rowStart, rowEnd) {
  return [
    at.x,
    at.filter,
    at.bias,
    at.out,
    at.zeros,
    rowStart,
    rowEnd,
    g.outHeight,
    g.outWidth,
    g.outChannels,
    g.inHeight,
    g.inWidth,
    g.inChannels,
    g.filterHeight,
    g.filterWidth,
    g.strideHeight,
    g.strideWidth,
    g.padTop,
    g.padLeft,
    relu ? 1 : 0
  ];
}
function simdConv2D(args, fused2) {
  const g = simdConv2DGeometry(args, fused2);
  if (!g) return null;
  const { inputs, backend: backend2, attrs } = args;
  const { x: x2, filter } = inputs;
  const bias = inputs.bias;
  const memory = wasmBackendMemory(backend2);
  if (!memory || !simdKernelsOn(memory)) return null;
  const heap = backend2;
  const out = heap.makeOutput([g.batch, g.outHeight, g.outWidth, g.outChannels], "float32");
  const zeros2 = heap.makeOutput([g.filterWidth * g.inChannels], "float32");
  try {
    heap.typedArrayFromHeap(zeros2).fill(0);
    const at = {
      x: heapOffset(heap, x2),
      filter: heapOffset(heap, filter),
      bias: fused2 && bias ? heapOffset(heap, bias) : 0,
      out: heapOffset(heap, out),
      zeros: heapOffset(heap, zeros2)
    };
    const relu = fused2 && attrs.activation === "relu";
    const rows = g.batch * g.outHeight;
    const macsPerRow = g.outWidth * g.outChannels * g.filterHeight * g.filterWidth * g.inChannels;
    const pool = simdPool(memory, Math.max(1, (0, import_tfjs_backend_wasm5.getThreadsCount)() || 1));
    runSplit(
      pool,
      "conv2d",
      rows,
      (r0, r1) => conv2dArgs(at, g, relu, r0, r1),
      Math.max(1, Math.ceil(MIN_MACS_PER_THREAD / macsPerRow))
    );
  } catch (error) {
    backend2.disposeData(out.dataId);
    throw error;
  } finally {
    backend2.disposeData(zeros2.dataId);
  }
  return out;
}

// src/kernels/simd/binary-simd.ts
var import_tfjs_core9 = require("@tensorflow/tfjs-core");
var import_tfjs_backend_wasm6 = require("@tensorflow/tfjs-backend-wasm");
var OP = { Add: 0, Sub: 1, Multiply: 2 };
var MIN_PER_THREAD3 = 65536;
function binaryLayout(a, b) {
  const size = import_tfjs_core9.util.sizeFromShape([...a]);
  if (size === 0) return null;
  if (import_tfjs_core9.util.arraysEqual([...a], [...b])) return { mode: 0 };
  if (b.length > a.length) return null;
  const bSize = import_tfjs_core9.util.sizeFromShape([...b]);
  if (bSize === 1) return { mode: 2 };
  const c = a[a.length - 1];
  const leadingOnes = b.slice(0, -1).every((d) => d === 1);
  if (b[b.length - 1] === c && bSize === c && leadingOnes && c % 4 === 0) return { mode: 1, c };
  return null;
}
function simdBinary({ inputs, backend: backend2 }, name) {
  let { a, b } = inputs;
  if (!a || !b || a.dtype !== "float32" || b.dtype !== "float32") return null;
  let layout = binaryLayout(a.shape, b.shape);
  if (!layout && name !== "Sub") {
    layout = binaryLayout(b.shape, a.shape);
    if (layout) [a, b] = [b, a];
  }
  if (!layout) return null;
  if (!import_tfjs_core9.util.arraysEqual(import_tfjs_core9.backend_util.assertAndGetBroadcastShape(a.shape, b.shape), [...a.shape])) return null;
  const memory = wasmBackendMemory(backend2);
  if (!memory || !simdKernelsOn(memory)) return null;
  const heap = backend2;
  const out = heap.makeOutput([...a.shape], "float32");
  const [aAt, bAt, outAt] = [a, b, out].map((t) => heapOffset(heap, t));
  const c = layout.mode === 1 ? layout.c : 1;
  const pool = simdPool(memory, Math.max(1, (0, import_tfjs_backend_wasm6.getThreadsCount)() || 1));
  runSplit(
    pool,
    "binary",
    import_tfjs_core9.util.sizeFromShape(a.shape),
    (i0, i1) => [OP[name], aAt, bAt, outAt, i0, i1, c, layout.mode],
    MIN_PER_THREAD3,
    layout.mode === 1 ? c : 4
  );
  return out;
}

// src/kernels/simd/adam-simd.ts
var import_tfjs_core10 = require("@tensorflow/tfjs-core");
var import_tfjs_backend_wasm7 = require("@tensorflow/tfjs-backend-wasm");
var ADAM_UPDATE = "SeglensAdamUpdate";
var MIN_PER_THREAD4 = 32768;
var bitsOf = (v) => new Int32Array(Float32Array.of(v).buffer)[0];
function wasmAdamUpdate({ inputs, backend: backend2, attrs }) {
  const { x: x2, g, m, v } = inputs;
  const parts = [x2, g, m, v];
  if (parts.some((t) => !t || t.dtype !== "float32" || !import_tfjs_core10.util.arraysEqual(t.shape, x2.shape))) {
    throw new Error(
      `${ADAM_UPDATE}: x, g, m and v must be float32 tensors of one shape, got ${parts.map((t) => `${t?.dtype}[${t?.shape}]`).join(", ")}`
    );
  }
  const memory = wasmBackendMemory(backend2);
  const a = attrs;
  const heap = backend2;
  const outs = [0, 1, 2].map(() => heap.makeOutput([...x2.shape], "float32"));
  const size = import_tfjs_core10.util.sizeFromShape(x2.shape);
  if (size === 0) return outs;
  const scalars = [a.beta1, a.oneMinusBeta1, a.beta2, a.oneMinusBeta2, a.step, a.sqrtCorrection, a.epsilon];
  if (!memory || !simdKernelsOn(memory)) {
    const [w, gs, ms, vs, wOut, mOut2, vOut2] = [x2, g, m, v, ...outs].map(
      (t) => heap.typedArrayFromHeap(t)
    );
    const f = Math.fround;
    const [b1, c1, b2, c2, step2, corr, eps] = scalars.map(f);
    for (let i2 = 0; i2 < size; i2++) {
      const mi = f(f(ms[i2] * b1) + f(gs[i2] * c1));
      const vi = f(f(vs[i2] * b2) + f(f(gs[i2] * gs[i2]) * c2));
      mOut2[i2] = mi;
      vOut2[i2] = vi;
      wOut[i2] = f(w[i2] + f(step2 * f(mi / f(f(f(Math.sqrt(vi)) / corr) + eps))));
    }
    return outs;
  }
  const [xAt, gAt, mAt, vAt, xOut, mOut, vOut] = [x2, g, m, v, ...outs].map((t) => heapOffset(heap, t));
  const scalarBits = scalars.map(bitsOf);
  const pool = simdPool(memory, Math.max(1, (0, import_tfjs_backend_wasm7.getThreadsCount)() || 1));
  runSplit(
    pool,
    "adam",
    size,
    (i0, i1) => [xAt, gAt, mAt, vAt, xOut, mOut, vOut, i0, i1, ...scalarBits],
    MIN_PER_THREAD4,
    4
  );
  return outs;
}

// src/kernels/wasm-small-ops.ts
var import_tfjs_core11 = require("@tensorflow/tfjs-core");
function wasmOuterMatMul({ inputs, backend: backend2, attrs }) {
  const { a, b } = inputs;
  if (!a || !b || a.dtype !== "float32" || b.dtype !== "float32") return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const transposeA = Boolean(attrs?.transposeA);
  const transposeB = Boolean(attrs?.transposeB);
  const innerA = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const innerB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  if (innerA !== 1 || innerB !== 1) return null;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = import_tfjs_core11.util.sizeFromShape(outerA);
  const batchB = import_tfjs_core11.util.sizeFromShape(outerB);
  if (!(import_tfjs_core11.util.arraysEqual(outerA, outerB) || batchA === 1 || batchB === 1)) return null;
  const outer = outerA.length >= outerB.length ? outerA.map((d, i2) => Math.max(d, outerB[i2 - (outerA.length - outerB.length)] ?? 1)) : outerB.map((d, i2) => Math.max(d, outerA[i2 - (outerB.length - outerA.length)] ?? 1));
  const batches = Math.max(batchA, batchB);
  const memory = wasmBackendMemory(backend2);
  const simd = memory && simdKernelsOn(memory);
  const heap = backend2;
  const out = heap.makeOutput([...outer, m, n], "float32");
  if (simd) {
    const [aAt, bAt, outAt] = [a, b, out].map((t) => heapOffset(heap, t));
    simd.outerProduct(aAt, bAt, outAt, batches, m, n, batchA === 1 ? 0 : 4 * m, batchB === 1 ? 0 : 4 * n);
    return out;
  }
  const av = heap.typedArrayFromHeap(a);
  const bv = heap.typedArrayFromHeap(b);
  const ov = heap.typedArrayFromHeap(out);
  let o = 0;
  for (let batch = 0; batch < batches; batch++) {
    const aAt = batchA === 1 ? 0 : batch * m;
    const bAt = batchB === 1 ? 0 : batch * n;
    for (let i2 = 0; i2 < m; i2++) {
      const s = av[aAt + i2];
      for (let j = 0; j < n; j++) ov[o++] = s * bv[bAt + j] + 0;
    }
  }
  return out;
}
function wasmMaxLastAxis({ inputs, backend: backend2, attrs }) {
  const { x: x2 } = inputs;
  if (!x2 || x2.dtype !== "float32" || x2.shape.length === 0) return null;
  const rank = x2.shape.length;
  const axes = import_tfjs_core11.util.parseAxisParam(attrs?.reductionIndices, x2.shape);
  if (axes.length !== 1 || axes[0] !== rank - 1) return null;
  const c = x2.shape[rank - 1];
  if (c === 0) return null;
  const rows = import_tfjs_core11.util.sizeFromShape(x2.shape) / c;
  const shape = import_tfjs_core11.backend_util.computeOutAndReduceShapes(x2.shape, axes)[0];
  const heap = backend2;
  const out = heap.makeOutput(attrs?.keepDims ? [...shape, 1] : shape, "float32");
  const memory = wasmBackendMemory(backend2);
  const simd = memory && simdKernelsOn(memory);
  if (simd) {
    simd.maxRows(heapOffset(heap, x2), heapOffset(heap, out), rows, c);
    return out;
  }
  const xv = heap.typedArrayFromHeap(x2);
  const ov = heap.typedArrayFromHeap(out);
  for (let r = 0, p = 0; r < rows; r++) {
    let best = xv[p++];
    for (let k = 1; k < c; k++, p++) {
      const v = xv[p];
      if (v > best || v !== v) best = v;
    }
    ov[r] = best;
  }
  return out;
}

// src/kernels/fast-gradients.ts
var tf = __toESM(require("@tensorflow/tfjs-core"));
var import_tfjs_core12 = require("@tensorflow/tfjs-core");
var originals = /* @__PURE__ */ new Map();
function fusedBatchNormGrad(original) {
  return {
    kernelName: "FusedBatchNorm",
    inputsToSave: ["x", "mean", "variance", "scale"],
    gradFunc: (dy, saved, attrs) => {
      const [x2, mean, variance, scale] = saved;
      const grad = dy;
      if (x2.rank !== 4 || mean.rank !== 1 || variance.rank !== 1 || scale != null && scale.rank !== 1) {
        return original.gradFunc(dy, saved, attrs);
      }
      const epsilon = attrs.varianceEpsilon;
      const axes = [0, 1, 2];
      const invStd = tf.rsqrt(tf.add(variance, epsilon));
      const gamma = scale ?? tf.onesLike(mean);
      const s = tf.mul(gamma, invStd);
      const sumDy = tf.sum(grad, axes);
      const sumDyCentred = tf.tidy(() => tf.sum(tf.mul(grad, tf.sub(x2, mean)), axes));
      return {
        x: () => tf.mul(grad, s),
        mean: () => tf.neg(tf.mul(s, sumDy)),
        variance: () => tf.mul(tf.mul(tf.mul(s, tf.square(invStd)), sumDyCentred), -0.5),
        scale: () => tf.mul(sumDyCentred, invStd),
        offset: () => tf.reshape(sumDy, mean.shape)
      };
    }
  };
}
var meanGrad = {
  kernelName: "Mean",
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x2] = saved;
    const reduced = tf.util.parseAxisParam(attrs.axis, x2.shape);
    const expanded = x2.shape.map((d, i2) => reduced.includes(i2) ? 1 : d);
    const n = reduced.reduce((p, a) => p * x2.shape[a], 1);
    return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy, expanded), n), x2.shape) };
  }
};
function elementwiseGrad(kernelName, gradKernel) {
  return (original) => ({
    kernelName,
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const [x2] = saved;
      const grad = dy;
      if (x2.dtype !== "float32" || grad.dtype !== "float32" || !(0, import_tfjs_core12.getKernel)(gradKernel, tf.getBackend())) {
        return original.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(gradKernel, { dy: grad, x: x2 }) };
    }
  });
}
function registerFastGradients() {
  const replacements = [
    ["FusedBatchNorm", fusedBatchNormGrad],
    ["Mean", () => meanGrad],
    ["Relu", elementwiseGrad("Relu", RELU_GRAD)],
    ["Square", elementwiseGrad("Square", SQUARE_GRAD)]
  ];
  for (const [name, replace] of replacements) {
    const original = (0, import_tfjs_core12.getGradient)(name);
    if (!original || originals.has(name)) continue;
    originals.set(name, original);
    (0, import_tfjs_core12.registerGradient)(replace(original));
  }
  return [...originals.keys()];
}

// src/kernels/register.ts
var PLAN = {
  wasm: [
    "Conv2DBackpropFilter",
    "Conv2DBackpropInput",
    "Conv2D",
    "FusedConv2D",
    "Add",
    "Sub",
    "Multiply",
    "MaxPoolGrad",
    "Sum",
    "Mean",
    "Concat",
    "Slice",
    "SplitV",
    "Identity",
    "Tile",
    "Reverse",
    "FusedBatchNorm",
    "Exp",
    "BatchMatMul",
    "Max",
    RELU_GRAD,
    SQUARE_GRAD,
    ADAM_UPDATE
  ],
  cpu: ["Conv2DBackpropFilter"]
};
var DATA_MOVEMENT = {
  Concat: wasmConcat,
  Slice: wasmSlice,
  SplitV: wasmSplitV,
  Identity: wasmIdentity,
  Tile: wasmTile,
  Reverse: wasmReverse
};
function hasStrings(inputs) {
  return (Array.isArray(inputs) ? inputs : Object.values(inputs)).some((t) => t?.dtype === "string");
}
var originals2 = /* @__PURE__ */ new Map();
var key = (r) => `${r.backendName}/${r.kernelName}`;
function fastKernel(kernelName, backendName, original) {
  const move = DATA_MOVEMENT[kernelName];
  if (move) {
    return ((args) => original && hasStrings(args.inputs) ? original.kernelFunc(args) : move(args));
  }
  if (kernelName === "Sum" || kernelName === "Mean") {
    const simd = (args) => kernelName === "Sum" ? simdSum(args) : simdMean(args);
    return ((args) => simd(args) ?? original?.kernelFunc(args));
  }
  if (kernelName === "FusedBatchNorm") {
    return ((args) => simdBatchNorm(args) ?? original?.kernelFunc(args));
  }
  if (kernelName === "Exp") {
    return ((args) => simdExp(args) ?? original?.kernelFunc(args));
  }
  if (kernelName === "BatchMatMul" || kernelName === "Max") {
    return ((args) => (kernelName === "BatchMatMul" ? wasmOuterMatMul(args) : wasmMaxLastAxis(args)) ?? original?.kernelFunc(args));
  }
  if (kernelName === ADAM_UPDATE) return wasmAdamUpdate;
  if (kernelName === RELU_GRAD || kernelName === SQUARE_GRAD)
    return wasmElementwiseGrad(kernelName);
  if (kernelName === "Conv2D" || kernelName === "FusedConv2D") {
    const fused2 = kernelName === "FusedConv2D";
    return ((args) => simdConv2D(args, fused2) ?? original?.kernelFunc(args));
  }
  if (kernelName === "Add" || kernelName === "Sub" || kernelName === "Multiply") {
    return ((args) => simdBinary(args, kernelName) ?? original?.kernelFunc(args));
  }
  if (kernelName === "MaxPoolGrad") {
    return ((args) => simdMaxPoolGrad(args) ?? original?.kernelFunc(args));
  }
  const impl = kernelName === "Conv2DBackpropFilter" ? conv2dBackpropFilterViaConv(backendName) : conv2dBackpropInputViaConv(backendName);
  return impl;
}
function registerFastKernels(backends = ["wasm", "cpu"], only) {
  for (const backendName of backends) {
    if (!(backendName in PLAN)) {
      throw new Error(`registerFastKernels: backends must be 'wasm' or 'cpu', got '${String(backendName)}'`);
    }
    for (const kernelName of PLAN[backendName]) {
      if (only && !only.includes(kernelName)) continue;
      const reg = { kernelName, backendName };
      if (originals2.has(key(reg))) continue;
      const original = (0, import_tfjs_core13.getKernel)(kernelName, backendName);
      originals2.set(key(reg), original ?? null);
      if (original) (0, import_tfjs_core13.unregisterKernel)(kernelName, backendName);
      (0, import_tfjs_core13.registerKernel)({
        kernelName,
        backendName,
        kernelFunc: fastKernel(kernelName, backendName, original),
        setupFunc: original?.setupFunc
      });
    }
  }
  if (!only) registerFastGradients();
  return fastKernelRegistrations();
}
function fastKernelRegistrations() {
  return [...originals2.keys()].map((k) => {
    const [backendName, kernelName] = k.split("/");
    return { backendName, kernelName };
  });
}

// src/backend/environment.ts
function nodeProcess() {
  const p = globalThis.process;
  return p?.versions?.node ? p : void 0;
}
function isNode() {
  return nodeProcess() !== void 0;
}
function nodeWasmDir() {
  const proc = nodeProcess();
  const getBuiltin = proc?.getBuiltinModule;
  if (!proc || typeof getBuiltin !== "function") return void 0;
  const moduleApi = getBuiltin.call(proc, "node:module");
  const pathApi = getBuiltin.call(proc, "node:path");
  const from = typeof __filename === "string" ? __filename : pathApi.join(globalThis.process.cwd(), "noop.js");
  const pkg = moduleApi.createRequire(from).resolve("@tensorflow/tfjs-backend-wasm/package.json");
  return pathApi.join(pathApi.dirname(pkg), "dist") + pathApi.sep;
}
function defaultThreadCount() {
  const proc = nodeProcess();
  const getBuiltin = proc?.getBuiltinModule;
  if (proc && typeof getBuiltin === "function") {
    const os = getBuiltin.call(proc, "node:os");
    const n = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    return Math.max(1, n);
  }
  const hc = globalThis.navigator?.hardwareConcurrency;
  return typeof hc === "number" && hc >= 1 ? Math.floor(hc) : 1;
}

// src/backend/node-wasm-threads.ts
var tf2 = __toESM(require("@tensorflow/tfjs-core"));
var import_tfjs_backend_wasm9 = require("@tensorflow/tfjs-backend-wasm");
var MAIN_SCRIPT_START = "var WasmBackendModuleThreadedSimd";
var WORKER_IMPORT = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}';
var BUNDLE_SHIMS = 'var require$$0=require("fs"),require$$1=require("path"),require$$3=require("perf_hooks"),require$$4=require("os"),commonjsGlobal=globalThis;\n';
function builtin(id) {
  const proc = globalThis.process;
  if (typeof proc?.getBuiltinModule !== "function")
    throw new Error("wasm threads in Node need process.getBuiltinModule (Node >= 20.16)");
  return proc.getBuiltinModule(id);
}
function prepareNodeWasmThreads(threads) {
  if (!Number.isInteger(threads) || threads < 2)
    throw new Error(`prepareNodeWasmThreads: threads must be an integer >= 2, got ${threads}`);
  const fs = builtin("node:fs");
  const os = builtin("node:os");
  const path = builtin("node:path");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seglens-wasm-threads-"));
  const write = (name, text2) => {
    const file = path.join(dir, name);
    fs.writeFileSync(`${file}.tmp`, text2);
    fs.renameSync(`${file}.tmp`, file);
    return file;
  };
  const g = globalThis;
  const RealBlob = g.Blob;
  const realCreateObjectURL = g.URL.createObjectURL;
  const realCpus = os.cpus;
  let mainScript;
  const texts = /* @__PURE__ */ new WeakMap();
  g.Blob = class RecordingBlob extends RealBlob {
    constructor(parts, options) {
      super(parts, options);
      const text2 = (parts ?? []).map((p) => typeof p === "string" ? p : "").join("");
      texts.set(this, text2);
      if (text2.startsWith(MAIN_SCRIPT_START))
        mainScript = write("tfjs-backend-wasm-threaded-simd.js", BUNDLE_SHIMS + text2);
    }
  };
  g.URL.createObjectURL = (obj) => {
    const text2 = obj instanceof RealBlob ? texts.get(obj) : void 0;
    if (text2 === void 0 || mainScript === void 0 || !text2.includes(WORKER_IMPORT)) {
      throw new Error(
        "prepareNodeWasmThreads: unexpected wasm worker script (is @tensorflow/tfjs-backend-wasm 4.22.0 installed?)"
      );
    }
    return write(
      "tfjs-backend-wasm-threaded-simd.worker.js",
      text2.replace(WORKER_IMPORT, `if(true){importScripts(${JSON.stringify(mainScript)})}`)
    );
  };
  os.cpus = () => {
    const cpus = realCpus.call(os);
    return Array.from({ length: Math.max(2 * threads, cpus.length) }, (_, i2) => cpus[i2 % cpus.length]);
  };
  tf2.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  (0, import_tfjs_backend_wasm9.setThreadsCount)(threads);
  return () => {
    g.Blob = RealBlob;
    g.URL.createObjectURL = realCreateObjectURL;
    os.cpus = realCpus;
  };
}
function unrefWasmWorkers() {
  const backend2 = tf2.findBackend("wasm");
  const pthread = backend2?.wasm?.PThread;
  if (pthread) [...pthread.unusedWorkers, ...pthread.runningWorkers].forEach((w) => w.unref());
}

// src/backend/select-backend.ts
var BACKEND_NAMES = ["webgpu", "webgl", "wasm", "cpu"];
function defaultBackendOrder(environment = isNode() ? "node" : "browser") {
  return environment === "node" ? ["wasm", "cpu"] : ["webgpu", "webgl", "wasm", "cpu"];
}
var wasmPathsSet;
var processDefaultThreads;
var wasmFactory;
function configureWasm(wasmPaths) {
  const dir = wasmPaths ?? (isNode() ? nodeWasmDir() : void 0);
  if (dir !== void 0 && dir !== wasmPathsSet) {
    (0, import_tfjs_backend_wasm10.setWasmPaths)(dir);
    wasmPathsSet = dir;
  }
}
async function precheck(name) {
  if (tf3.findBackendFactory(name) == null) {
    return isNode() && (name === "webgl" || name === "webgpu") ? "not registered: needs a browser (no WebGL/WebGPU in Node)" : "not registered in this environment";
  }
  if (name === "webgpu") {
    const gpu = globalThis.navigator?.gpu;
    if (!gpu) return "navigator.gpu is missing (WebGPU unsupported or disabled)";
    try {
      if (await gpu.requestAdapter() == null) return "navigator.gpu.requestAdapter() found no adapter";
    } catch (error) {
      return `navigator.gpu.requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return null;
}
async function threadsBlocker(threads) {
  if (threads <= 1) return null;
  if (tf3.engine().registry.wasm !== void 0) {
    const running = (0, import_tfjs_backend_wasm10.getThreadsCount)();
    return running >= threads ? null : `the wasm backend was already initialised with ${running} thread(s) in this process`;
  }
  if (!isNode()) return null;
  if (typeof SharedArrayBuffer === "undefined") return "SharedArrayBuffer is unavailable";
  if (!await tf3.env().getAsync("WASM_HAS_SIMD_SUPPORT"))
    return "WebAssembly SIMD is unavailable (TF.js has threads only in its SIMD build)";
  return null;
}
async function startBackend(name, threaded) {
  let restore;
  try {
    if (threaded > 1) restore = prepareNodeWasmThreads(threaded);
    if (await tf3.setBackend(name)) {
      await tf3.ready();
      if (threaded > 1) unrefWasmWorkers();
      return null;
    }
    return "tf.setBackend() returned false (initialisation failed)";
  } catch (error) {
    return `initialisation threw: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    restore?.();
    if (threaded > 1) tf3.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  }
}
async function tryBackend(name, threads) {
  const why = await precheck(name);
  if (why !== null) return { reason: why };
  if (name !== "wasm" || threads <= 1) return { reason: await startBackend(name, 1) };
  const blocker = await threadsBlocker(threads);
  const running = tf3.engine().registry.wasm !== void 0;
  if (blocker !== null || !isNode() || running)
    return { reason: await startBackend(name, 1), threadFallback: blocker ?? void 0 };
  const reason = await startBackend(name, threads);
  if (reason === null) return { reason };
  tf3.removeBackend(name);
  tf3.registerBackend(name, wasmFactory);
  return { reason: await startBackend(name, 1), threadFallback: `threaded wasm failed to start (${reason})` };
}
function checkName(option, name) {
  if (!BACKEND_NAMES.includes(name)) {
    throw new Error(
      `selectBackend: ${option} must be one of ${BACKEND_NAMES.join(", ")}, got '${String(name)}'`
    );
  }
  return name;
}
async function selectBackend(options = {}) {
  const environment = isNode() ? "node" : "browser";
  const fastKernels = registerFastKernels().map((r) => `${r.backendName}/${r.kernelName}`);
  const optionName = options.threads !== void 0 ? "threads" : "wasmThreads";
  const threadsRequested = options.threads ?? options.wasmThreads ?? processDefaultThreads ?? defaultThreadCount();
  if (!Number.isInteger(threadsRequested) || threadsRequested < 1) {
    throw new Error(`selectBackend: ${optionName} must be a positive integer, got ${threadsRequested}`);
  }
  configureWasm(options.wasmPaths);
  wasmFactory ??= tf3.findBackendFactory("wasm") ?? void 0;
  let order;
  if (options.force !== void 0) order = [checkName("force", options.force)];
  else {
    order = defaultBackendOrder(environment);
    if (options.prefer !== void 0) {
      const preferred = checkName("prefer", options.prefer);
      order = [preferred, ...order.filter((n) => n !== preferred)];
    }
  }
  const skipped = [];
  for (const name of order) {
    const started = await tryBackend(name, threadsRequested);
    if (started.reason === null) {
      const base = { name, environment, skipped, fastKernels, threadsRequested };
      if (name !== "wasm") return { ...base, threads: 1 };
      const threads = (0, import_tfjs_backend_wasm10.getThreadsCount)();
      const simd = Boolean(await tf3.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
      const threadFallback = started.threadFallback ?? (threads < threadsRequested && environment === "node" ? `wasm started with ${threads} thread(s)` : void 0);
      return { ...base, wasmThreads: threads, threads, simd, ...threadFallback ? { threadFallback } : {} };
    }
    skipped.push({ name, reason: started.reason });
  }
  if (options.force !== void 0) {
    throw new Error(
      `selectBackend: forced backend '${options.force}' is not available: ${skipped[0].reason}`
    );
  }
  throw new Error(
    `selectBackend: no backend available (${skipped.map((s) => `${s.name}: ${s.reason}`).join("; ")})`
  );
}

// src/unet/config.ts
function positiveInteger(name, value) {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`UNetConfig.${name} must be a positive integer, got ${value}`);
  return value;
}
function resolveUNetConfig(config) {
  if (config == null || typeof config !== "object") throw new Error("UNetConfig must be an object");
  const depth = positiveInteger("depth", config.depth ?? 4);
  const resolved = {
    inputChannels: positiveInteger("inputChannels", config.inputChannels),
    classes: positiveInteger("classes", config.classes),
    depth,
    baseFilters: positiveInteger("baseFilters", config.baseFilters ?? 16),
    normalization: config.normalization ?? "batch",
    dropout: config.dropout ?? 0,
    upsampling: config.upsampling ?? "transpose",
    inputSize: config.inputSize ?? null,
    seed: config.seed
  };
  if (!["batch", "instance", "none"].includes(resolved.normalization)) {
    throw new Error(
      `UNetConfig.normalization must be 'batch', 'instance' or 'none', got '${resolved.normalization}'`
    );
  }
  if (!["transpose", "bilinear"].includes(resolved.upsampling)) {
    throw new Error(`UNetConfig.upsampling must be 'transpose' or 'bilinear', got '${resolved.upsampling}'`);
  }
  if (!(resolved.dropout >= 0 && resolved.dropout < 1)) {
    throw new Error(`UNetConfig.dropout must be in [0, 1), got ${resolved.dropout}`);
  }
  if (resolved.inputSize !== null) checkInputSize(resolved.inputSize, depth, "UNetConfig.inputSize");
  return resolved;
}
function checkInputSize(size, depth, what) {
  const factor = 2 ** (depth - 1);
  if (size.length !== 2 || !size.every((n) => Number.isInteger(n) && n > 0 && n % factor === 0)) {
    throw new Error(
      `${what} must be [height, width], positive multiples of ${factor} (2^(depth-1)), got [${size}]`
    );
  }
}

// src/unet/instance-norm.ts
var import_tfjs_core14 = require("@tensorflow/tfjs-core");
var import_tfjs_layers = require("@tensorflow/tfjs-layers");
var InstanceNormalization = class extends import_tfjs_layers.layers.Layer {
  static className = "SeglensInstanceNormalization";
  epsilon;
  gamma = null;
  beta = null;
  constructor(args = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-5;
    if (!(this.epsilon > 0))
      throw new Error(`InstanceNormalization: epsilon must be > 0, got ${this.epsilon}`);
  }
  build(inputShape) {
    const shape = Array.isArray(inputShape[0]) ? inputShape[0] : inputShape;
    const channels = shape[shape.length - 1];
    if (shape.length !== 4 || channels == null) {
      throw new Error(
        `InstanceNormalization: input must be [batch, height, width, channels] with known channels, got [${shape}]`
      );
    }
    this.gamma = this.addWeight("gamma", [channels], "float32", import_tfjs_layers.initializers.ones());
    this.beta = this.addWeight("beta", [channels], "float32", import_tfjs_layers.initializers.zeros());
    this.built = true;
  }
  call(inputs) {
    return (0, import_tfjs_core14.tidy)(() => {
      const x2 = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.gamma == null || this.beta == null)
        throw new Error("InstanceNormalization: call before build");
      const { mean, variance } = (0, import_tfjs_core14.moments)(x2, [1, 2], true);
      const scale = (0, import_tfjs_core14.mul)((0, import_tfjs_core14.rsqrt)((0, import_tfjs_core14.add)(variance, this.epsilon)), this.gamma.read());
      return (0, import_tfjs_core14.add)((0, import_tfjs_core14.mul)((0, import_tfjs_core14.sub)(x2, mean), scale), this.beta.read());
    });
  }
  getConfig() {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
};
import_tfjs_core14.serialization.registerClass(InstanceNormalization);

// src/infer/folded-net.ts
var tf4 = __toESM(require("@tensorflow/tfjs-core"));
function weightDataIds(net) {
  return net.weights.map((w) => w.read().dataId);
}
function weight(layer, suffix) {
  return layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`))?.read();
}
function pair(value, what) {
  const v = Array.isArray(value) ? value : [value, value];
  if (v.length !== 2 || !v.every((n) => Number.isInteger(n)))
    throw new Error(`foldBatchNorm: ${what} ${String(value)}`);
  return [v[0], v[1]];
}
function foldable(conv, bn) {
  const c = conv.getConfig();
  const b = bn.getConfig();
  const axis = b.axis;
  return conv.getClassName() === "Conv2D" && c.dataFormat === "channelsLast" && (c.activation === "linear" || c.activation === void 0) && bn.getClassName() === "BatchNormalization" && (axis === -1 || axis === 3);
}
function foldWeights(conv, bn) {
  return tf4.tidy(() => {
    const kernel = weight(conv, "kernel");
    const outChannels = kernel.shape[3];
    const epsilon = bn.getConfig().epsilon;
    const gamma = weight(bn, "gamma") ?? tf4.ones([outChannels]);
    const beta = weight(bn, "beta") ?? tf4.zeros([outChannels]);
    const mean = weight(bn, "moving_mean");
    const variance = weight(bn, "moving_variance");
    const scale = tf4.div(gamma, tf4.sqrt(tf4.add(variance, epsilon)));
    const convBias = weight(conv, "bias") ?? tf4.zeros([outChannels]);
    return {
      filter: tf4.mul(kernel, scale),
      bias: tf4.add(tf4.mul(tf4.sub(convBias, mean), scale), beta)
    };
  });
}
function foldBatchNorm(net) {
  const layers2 = net.layers;
  const graphOk = net.inputs.length === 1 && net.outputs.length === 1 && layers2.every((l) => l.inboundNodes.length === 1);
  if (!graphOk)
    return {
      predict: (x2) => net.predict(x2),
      folded: 0,
      source: net,
      isCurrent: () => true,
      // nothing folded, so nothing can be stale
      dispose: () => void 0
    };
  const dataIds = weightDataIds(net);
  const readers = /* @__PURE__ */ new Map();
  for (const layer of layers2) {
    const node = layer.inboundNodes[0];
    if (layer.getClassName() === "InputLayer") continue;
    for (const t of node.inputTensors) readers.set(t.id, [...readers.get(t.id) ?? [], layer]);
  }
  const onlyReader = (layer) => {
    const outs = layer.inboundNodes[0].outputTensors;
    const r = outs.length === 1 ? readers.get(outs[0].id) : void 0;
    return r && r.length === 1 && !net.outputs.some((o) => o.id === outs[0].id) ? r[0] : void 0;
  };
  const steps = [];
  const absorbed = /* @__PURE__ */ new Set();
  let folded = 0;
  try {
    for (const layer of layers2) {
      if (absorbed.has(layer) || layer.getClassName() === "InputLayer") continue;
      const node = layer.inboundNodes[0];
      const bn = onlyReader(layer);
      if (bn && foldable(layer, bn) && node.inputTensors.length === 1) {
        const next = onlyReader(bn);
        const relu = next !== void 0 && next.getClassName() === "ReLU" && next.getConfig().maxValue == null;
        const last = relu ? next : bn;
        const c = layer.getConfig();
        steps.push({
          kind: "conv",
          input: node.inputTensors[0].id,
          output: last.inboundNodes[0].outputTensors[0].id,
          ...foldWeights(layer, bn),
          strides: pair(c.strides, "strides"),
          pad: c.padding === "same" ? "same" : "valid",
          dilations: pair(c.dilationRate ?? 1, "dilationRate"),
          relu
        });
        absorbed.add(bn);
        if (relu) absorbed.add(last);
        folded++;
        continue;
      }
      steps.push({
        kind: "layer",
        layer,
        inputs: node.inputTensors.map((t) => t.id),
        outputs: node.outputTensors.map((t) => t.id)
      });
    }
  } catch (error) {
    tf4.dispose(steps.flatMap((s) => s.kind === "conv" ? [s.filter, s.bias] : []));
    throw error;
  }
  const inputId = net.inputs[0].id;
  const outputId = net.outputs[0].id;
  const predict = (x2) => tf4.tidy(() => {
    const values = /* @__PURE__ */ new Map([[inputId, x2]]);
    const get = (id) => {
      const v = values.get(id);
      if (!v) throw new Error(`foldBatchNorm: '${net.name}' reads a tensor before it is computed`);
      return v;
    };
    for (const s of steps) {
      if (s.kind === "conv") {
        values.set(
          s.output,
          tf4.fused.conv2d({
            x: get(s.input),
            filter: s.filter,
            strides: s.strides,
            pad: s.pad,
            dilations: s.dilations,
            bias: s.bias,
            activation: s.relu ? "relu" : "linear"
          })
        );
        continue;
      }
      const inputs = s.inputs.map(get);
      const out = s.layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
      const outs = Array.isArray(out) ? out : [out];
      s.outputs.forEach((id, i2) => values.set(id, outs[i2]));
    }
    return get(outputId);
  });
  let disposed = false;
  return {
    predict,
    folded,
    source: net,
    isCurrent: () => {
      if (disposed || net.weights.length !== dataIds.length) return false;
      return weightDataIds(net).every((id, i2) => id === dataIds[i2]);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      tf4.dispose(steps.flatMap((s) => s.kind === "conv" ? [s.filter, s.bias] : []));
    }
  };
}

// src/card/types.ts
var MODEL_CARD_FORMAT = "seglens-model-card";
var MODEL_CARD_VERSION = 1;
var MODEL_CARD_FILE = "seglens.json";
var MAX_CONTEXT_SLICES = 8;
function networkChannels(input2) {
  return input2.channels * (2 * (input2.contextSlices ?? 0) + 1);
}

// src/card/validate.ts
var CardError = class extends Error {
};
function describe(value) {
  if (value === void 0) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}\u2026` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
function fail(path, expected, value) {
  throw new CardError(`${path} must be ${expected}, got ${describe(value)}`);
}
function object(value, path) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(path, "an object", value);
  return value;
}
function string(value, path, nonEmpty = true) {
  if (typeof value !== "string" || nonEmpty && value.length === 0) fail(path, "a non-empty string", value);
  return value;
}
function number(value, path, check = Number.isFinite, expected = "a finite number") {
  if (typeof value !== "number" || !check(value)) fail(path, expected, value);
  return value;
}
var isNonNegativeInteger = (n) => Number.isInteger(n) && n >= 0;
var isPositiveInteger = (n) => Number.isInteger(n) && n > 0;
function array(value, path, minLength = 0) {
  if (!Array.isArray(value) || value.length < minLength)
    fail(path, minLength > 0 ? `an array of at least ${minLength}` : "an array", value);
  return value;
}
function numbers2(value, path, length, check, expected) {
  const list = array(value, path);
  if (list.length !== length) fail(path, `an array of ${length} numbers`, value);
  return list.map((v, i2) => number(v, `${path}[${i2}]`, check, expected));
}
function classes(value) {
  const list = array(value, "classes", 2);
  const seen = /* @__PURE__ */ new Set();
  return list.map((entry, i2) => {
    const path = `classes[${i2}]`;
    const c = object(entry, path);
    const index = number(
      c.index,
      `${path}.index`,
      (n) => n === i2,
      `${i2} (classes are listed in output order)`
    );
    const name = string(c.name, `${path}.name`);
    if (seen.has(name)) fail(`${path}.name`, "a name no other class has", name);
    seen.add(name);
    const color = numbers2(
      c.color,
      `${path}.color`,
      3,
      (n) => Number.isInteger(n) && n >= 0 && n <= 255,
      "an integer 0-255"
    );
    return { index, name, color };
  });
}
function normalization(value, channels) {
  const path = "input.normalization";
  const n = object(value, path);
  switch (n.kind) {
    case "none":
    case "zscore":
    case "minmax":
      return { kind: n.kind };
    case "percentile": {
      const inRange = (v) => v >= 0 && v <= 100;
      const lower = number(n.lower, `${path}.lower`, inRange, "a percentile in [0, 100]");
      const upper = number(
        n.upper,
        `${path}.upper`,
        (v) => inRange(v) && v > lower,
        `a percentile in (${lower}, 100]`
      );
      return { kind: "percentile", lower, upper };
    }
    case "fixed": {
      const mean = numbers2(n.mean, `${path}.mean`, channels, Number.isFinite, "a finite number");
      const std = numbers2(
        n.std,
        `${path}.std`,
        channels,
        (v) => v > 0 && Number.isFinite(v),
        "a positive number"
      );
      return { kind: "fixed", mean, std };
    }
    case "window": {
      const lower = number(n.lower, `${path}.lower`);
      const upper = number(
        n.upper,
        `${path}.upper`,
        (v) => Number.isFinite(v) && v > lower,
        `a number above ${lower}`
      );
      return { kind: "window", lower, upper };
    }
    default:
      return fail(`${path}.kind`, "'none', 'zscore', 'minmax', 'percentile', 'fixed' or 'window'", n.kind);
  }
}
function input(value, architecture2) {
  const i2 = object(value, "input");
  const channels = number(i2.channels, "input.channels", isPositiveInteger, "a positive integer");
  const contextSlices = i2.contextSlices === void 0 ? 0 : number(
    i2.contextSlices,
    "input.contextSlices",
    (n) => isNonNegativeInteger(n) && n <= MAX_CONTEXT_SLICES,
    `an integer 0-${MAX_CONTEXT_SLICES}`
  );
  const seen = networkChannels({ channels, contextSlices });
  if (seen !== architecture2.inputChannels)
    fail(
      contextSlices > 0 ? "input.channels \xD7 (2\xB7input.contextSlices + 1)" : "input.channels",
      `architecture.inputChannels (${architecture2.inputChannels})`,
      seen
    );
  const size = numbers2(i2.size, "input.size", 2, isPositiveInteger, "a positive integer");
  const factor = 2 ** ((architecture2.depth ?? 4) - 1);
  size.forEach((s, k) => {
    if (s % factor !== 0) fail(`input.size[${k}]`, `a multiple of ${factor} (2^(architecture.depth-1))`, s);
  });
  const sliceAxis = number(
    i2.sliceAxis,
    "input.sliceAxis",
    (n) => n === 0 || n === 1 || n === 2,
    "0, 1 or 2"
  );
  if (i2.fit !== "resize" && i2.fit !== "pad") fail("input.fit", "'resize' or 'pad'", i2.fit);
  if (i2.orientation !== void 0 && !isOrientationCode(i2.orientation))
    fail(
      "input.orientation",
      "an orientation code: three upper-case letters, one of L/R, one of P/A and one of S/I (e.g. 'RAS')",
      i2.orientation
    );
  return {
    channels,
    size,
    ...i2.orientation === void 0 ? {} : { orientation: i2.orientation },
    sliceAxis,
    ...i2.contextSlices === void 0 ? {} : { contextSlices },
    fit: i2.fit,
    normalization: normalization(i2.normalization, channels)
  };
}
function architecture(value, classCount) {
  const a = object(value, "architecture");
  try {
    resolveUNetConfig(a);
  } catch (error) {
    throw new CardError(`architecture is not a valid U-Net configuration: ${error.message}`);
  }
  if (a.classes !== classCount)
    fail("architecture.classes", `the number of classes listed (${classCount})`, a.classes);
  return a;
}
function files(value) {
  const list = array(value, "files");
  const result = list.map((entry, i2) => {
    const path = `files[${i2}]`;
    const f = object(entry, path);
    const name = string(f.path, `${path}.path`);
    if (name.includes("..") || name.startsWith("/") || name.includes("\\"))
      fail(`${path}.path`, "a plain relative file name", name);
    return {
      path: name,
      bytes: number(f.bytes, `${path}.bytes`, isNonNegativeInteger, "a byte count"),
      sha256: string(f.sha256, `${path}.sha256`).match(/^[0-9a-f]{64}$/) ? f.sha256 : fail(`${path}.sha256`, "64 lower-case hex digits", f.sha256)
    };
  });
  if (list.length > 0 && result[0].path !== "model.json")
    fail("files[0].path", "'model.json'", result[0].path);
  return result;
}
function nullableObject(value, path) {
  return value === null || value === void 0 ? null : object(value, path);
}
function validateModelCard(json, source = "seglens.json") {
  try {
    const card = object(json, "the card");
    if (card.format !== MODEL_CARD_FORMAT) fail("format", `'${MODEL_CARD_FORMAT}'`, card.format);
    if (card.formatVersion !== MODEL_CARD_VERSION)
      fail("formatVersion", `${MODEL_CARD_VERSION} (this version of @seglens/models)`, card.formatVersion);
    const name = string(card.name, "name");
    const task = string(card.task, "task");
    const modality = string(card.modality, "modality");
    if (card.description !== void 0) string(card.description, "description", false);
    const classList = classes(card.classes);
    const arch = architecture(card.architecture, classList.length);
    const inputSpec = input(card.input, arch);
    if (card.weightDtype !== "float32" && card.weightDtype !== "float16")
      fail("weightDtype", "'float32' or 'float16'", card.weightDtype);
    const training = nullableObject(card.training, "training");
    if (training) {
      const loss = object(training.loss, "training.loss");
      string(loss.name, "training.loss.name");
      object(loss.options, "training.loss.options");
      object(training.dataset, "training.dataset");
      array(object(training.dataset, "training.dataset").trainCases, "training.dataset.trainCases");
      number(training.seed, "training.seed", Number.isInteger, "an integer");
      number(training.epochs, "training.epochs", isNonNegativeInteger, "a non-negative integer");
      array(training.history, "training.history");
    }
    const validation = nullableObject(card.validation, "validation");
    if (validation) array(validation.perClass, "validation.perClass");
    const fineTuning = card.fineTuning === void 0 ? [] : array(card.fineTuning, "fineTuning");
    const fileList = files(card.files);
    const createdAt = string(card.createdAt, "createdAt");
    return {
      ...card,
      name,
      task,
      modality,
      classes: classList,
      architecture: arch,
      input: inputSpec,
      fineTuning,
      files: fileList,
      createdAt
    };
  } catch (error) {
    if (error instanceof CardError) throw new Error(`Invalid model card ${source}: ${error.message}`);
    throw error;
  }
}
function parseCardBytes(bytes, source) {
  let json;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`Invalid model card ${source}: not JSON (${error.message})`);
  }
  return validateModelCard(json, source);
}

// src/card/percentiles.ts
function selectInPlace(a, k, from, to) {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = lo + hi >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i2 = lo;
    let j = hi;
    while (i2 <= j) {
      while (a[i2] < pivot) i2++;
      while (a[j] > pivot) j--;
      if (i2 <= j) {
        swap(a, i2, j);
        i2++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i2) lo = i2;
    else return;
  }
}
function swap(a, i2, j) {
  const t = a[i2];
  a[i2] = a[j];
  a[j] = t;
}
function percentilesOf(values, ps) {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  let valid = 0;
  for (let i2 = 0; i2 < n; i2++) {
    const v = values[i2];
    if (v === v) values[valid++] = v;
  }
  const at = (i2) => {
    if (i2 >= valid) return Number.NaN;
    selectInPlace(values, i2, 0, valid - 1);
    return values[i2];
  };
  return ps.map((p) => {
    const pos = p / 100 * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    const a = at(lo);
    let b = a;
    if (hi !== lo) {
      if (hi >= valid) b = Number.NaN;
      else {
        b = values[hi];
        for (let i2 = hi + 1; i2 < valid; i2++) if (values[i2] < b) b = values[i2];
      }
    }
    return a + (b - a) * (pos - lo);
  });
}

// src/card/normalization.ts
function channelValues(voxels, channels, c) {
  const n = voxels.length / channels;
  const out = new Float32Array(n);
  for (let i2 = 0; i2 < n; i2++) out[i2] = voxels[i2 * channels + c];
  return out;
}
function normalizationCoefficients(voxels, channels, spec) {
  const n = voxels.length / channels;
  const result = [];
  for (let c = 0; c < channels; c++) {
    let offset = 0;
    let scale = 1;
    let min = -Infinity;
    let max2 = Infinity;
    if (spec.kind === "fixed") {
      offset = spec.mean[c];
      scale = 1 / spec.std[c];
    } else if (spec.kind === "window") {
      offset = spec.lower;
      scale = 1 / (spec.upper - spec.lower);
      min = 0;
      max2 = 1;
    } else if (spec.kind === "zscore") {
      let sum2 = 0;
      for (let i2 = 0; i2 < n; i2++) sum2 += voxels[i2 * channels + c];
      const mean = sum2 / n;
      let sq = 0;
      for (let i2 = 0; i2 < n; i2++) sq += (voxels[i2 * channels + c] - mean) ** 2;
      const std = Math.sqrt(sq / n);
      offset = mean;
      scale = std > 0 ? 1 / std : 0;
    } else if (spec.kind === "minmax" || spec.kind === "percentile") {
      let lo;
      let hi;
      if (spec.kind === "minmax") {
        lo = Infinity;
        hi = -Infinity;
        for (let i2 = 0; i2 < n; i2++) {
          const v = voxels[i2 * channels + c];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      } else {
        [lo, hi] = percentilesOf(channelValues(voxels, channels, c), [spec.lower, spec.upper]);
        min = 0;
        max2 = 1;
      }
      offset = lo;
      scale = hi > lo ? 1 / (hi - lo) : 0;
    }
    result.push({ offset, scale, min, max: max2 });
  }
  return result;
}

// src/infer/slices.ts
function stridedSliceLayout(dims, strides, base, axis) {
  const [rowAxis, colAxis] = axis === 2 ? [1, 0] : axis === 1 ? [2, 0] : [2, 1];
  return {
    count: dims[axis],
    height: dims[rowAxis],
    width: dims[colAxis],
    sliceStride: strides[axis],
    rowStride: strides[rowAxis],
    colStride: strides[colAxis],
    base
  };
}
function clampSlice(s, d, count) {
  const t = s + d;
  return t < 0 ? 0 : t >= count ? count - 1 : t;
}
function checkIndex(s, layout, what) {
  if (!Number.isInteger(s) || s < 0 || s >= layout.count)
    throw new Error(`${what}: slice index ${s} is outside 0..${layout.count - 1}`);
}
function checkContext(context, what) {
  if (!Number.isInteger(context) || context < 0)
    throw new Error(`${what}: context must be a non-negative integer of slices, got ${context}`);
}
function gatherNormalizedSliceRange(values, channels, layout, start, n, coefficients, out, context = 0) {
  checkContext(context, "gatherNormalizedSliceRange");
  checkIndex(start, layout, "gatherNormalizedSliceRange");
  if (n > 0) checkIndex(start + n - 1, layout, "gatherNormalizedSliceRange");
  const { height, width, count, sliceStride, rowStride, colStride, base } = layout;
  const seen = channels * (2 * context + 1);
  for (let ch = 0; ch < channels; ch++) {
    const { offset, scale, min, max: max2 } = coefficients[ch];
    for (let s = start; s < start + n; s++) {
      for (let d = -context; d <= context; d++) {
        const slice2 = base + clampSlice(s, d, count) * sliceStride;
        let o = (s - start) * height * width * seen + (d + context) * channels + ch;
        for (let r = 0; r < height; r++) {
          let v = slice2 + r * rowStride;
          for (let c = 0; c < width; c++, v += colStride, o += seen) {
            const x2 = (values[v * channels + ch] - offset) * scale;
            out[o] = x2 < min ? min : x2 > max2 ? max2 : x2;
          }
        }
      }
    }
  }
  return out;
}
function scatterOne(slices, channels, layout, s, out, o) {
  const { height, width, sliceStride, rowStride, colStride, base } = layout;
  for (let r = 0; r < height; r++) {
    let v = base + s * sliceStride + r * rowStride;
    for (let c = 0; c < width; c++, v += colStride) {
      for (let ch = 0; ch < channels; ch++) out[v * channels + ch] = slices[o++];
    }
  }
  return o;
}
function scatterSliceRange(slices, channels, layout, start, n, out) {
  let o = 0;
  for (let s = start; s < start + n; s++) o = scatterOne(slices, channels, layout, s, out, o);
}
function scatterScoreRange(slices, classes2, layout, start, n, labels, scores) {
  const { height, width, sliceStride, rowStride, colStride, base } = layout;
  let o = 0;
  for (let s = start; s < start + n; s++) {
    for (let r = 0; r < height; r++) {
      let v = base + s * sliceStride + r * rowStride;
      for (let c = 0; c < width; c++, v += colStride, o += classes2) {
        let best = 0;
        let max2 = slices[o];
        for (let k = 1; k < classes2; k++) {
          if (slices[o + k] > max2) {
            max2 = slices[o + k];
            best = k;
          }
        }
        labels[v] = best;
        if (scores) for (let k = 0; k < classes2; k++) scores[v * classes2 + k] = slices[o + k];
      }
    }
  }
}

// src/infer/orientation.ts
function modelAxes(input2, volume) {
  const wanted = input2.orientation;
  if (wanted === void 0) return [0, 1, 2].map((axis) => ({ axis, reversed: false }));
  const current = orientationCode(volume);
  const pairs = ["LR", "PA", "SI"];
  return [...wanted].map((letter) => {
    const pair2 = pairs.find((p) => p.includes(letter)) ?? "";
    const axis = [...current].findIndex((l) => pair2.includes(l));
    if (axis < 0) throw new Error(`modelAxes: no axis of the volume (${current}) runs along ${pair2}`);
    return { axis, reversed: current[axis] !== letter };
  });
}
function modelSliceLayout(input2, volume, what) {
  let axes = [];
  try {
    axes = modelAxes(input2, volume);
  } catch {
  }
  if (new Set(axes.map((a) => a.axis)).size !== 3) {
    throw new Error(
      `${what}: cannot show the volume (orientation ${orientationCode(volume)}) to the model in its training orientation ${input2.orientation}: the volume is too oblique to name its axes`
    );
  }
  const [nx, ny] = volume.dims;
  const stored = [1, nx, nx * ny];
  const dims = axes.map((a) => volume.dims[a.axis]);
  const strides = axes.map((a) => a.reversed ? -stored[a.axis] : stored[a.axis]);
  const base = axes.reduce(
    (sum2, a) => sum2 + (a.reversed ? stored[a.axis] * (volume.dims[a.axis] - 1) : 0),
    0
  );
  return stridedSliceLayout(dims, strides, base, input2.sliceAxis);
}

// src/io/types.ts
var ModelIntegrityError = class extends Error {
  constructor(file, expected, actual, source) {
    const what = actual.bytes < expected.bytes ? `truncated (${actual.bytes} of ${expected.bytes} bytes)` : actual.bytes > expected.bytes ? `longer than expected (${actual.bytes} bytes, expected ${expected.bytes})` : "corrupt or modified";
    super(
      `Model file ${file} in ${source} is ${what}: sha256 expected ${expected.sha256}, actual ${actual.sha256}`
    );
    this.file = file;
    this.expected = expected;
    this.actual = actual;
    this.name = "ModelIntegrityError";
  }
  file;
  expected;
  actual;
};

// src/io/model-files.ts
var tf5 = __toESM(require("@tensorflow/tfjs-core"));
var import_tfjs_layers2 = require("@tensorflow/tfjs-layers");
var MODEL_JSON = "model.json";
var DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;
var encoder = new TextEncoder();
async function verifyFile(card, path, bytes, sha256, source) {
  const record = card.files.find((f) => f.path === path);
  if (!record)
    throw new Error(
      `Model ${source}: ${MODEL_CARD_FILE} lists no hash for ${path}, so it cannot be verified`
    );
  const actual = await sha256(bytes);
  if (actual !== record.sha256 || bytes.length !== record.bytes) {
    throw new ModelIntegrityError(
      path,
      { sha256: record.sha256, bytes: record.bytes },
      { sha256: actual, bytes: bytes.length },
      source
    );
  }
}
function parseModelJson(bytes, card, source) {
  let json;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`Model ${source}: ${MODEL_JSON} is not JSON (${error.message})`);
  }
  if (json.format !== "layers-model" || !Array.isArray(json.weightsManifest) || json.modelTopology == null) {
    throw new Error(
      `Model ${source}: ${MODEL_JSON} is not a TF.js layers model (format '${String(json.format)}')`
    );
  }
  const listed = json.weightsManifest.flatMap((g) => g.paths);
  const hashed = card.files.slice(1).map((f) => f.path);
  if (listed.join("\n") !== hashed.join("\n")) {
    throw new Error(
      `Model ${source}: ${MODEL_JSON} lists weight files [${listed.join(", ")}] but ${MODEL_CARD_FILE} hashes [${hashed.join(", ")}]`
    );
  }
  const quantized = json.weightsManifest.flatMap((g) => g.weights).some((w) => w.quantization?.dtype === "float16");
  if (quantized !== (card.weightDtype === "float16")) {
    throw new Error(
      `Model ${source}: ${MODEL_CARD_FILE} says weightDtype '${card.weightDtype}' but ${MODEL_JSON} ${quantized ? "has" : "has no"} float16 weights`
    );
  }
  return json;
}
async function buildNetwork(artifacts, source) {
  try {
    return await (0, import_tfjs_layers2.loadLayersModel)(tf5.io.fromMemory(artifacts));
  } catch (error) {
    throw new Error(
      `Model ${source}: TF.js could not build the network (custom layers known: ${InstanceNormalization.className}): ${error.message}`
    );
  }
}
async function networkFromBytes(modelJsonBytes, weightBytes, card, source) {
  const json = parseModelJson(modelJsonBytes, card, source);
  const total = weightBytes.reduce((n, b) => n + b.length, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of weightBytes) {
    weightData.set(b, offset);
    offset += b.length;
  }
  const net = await buildNetwork(
    {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weightData.buffer
    },
    source
  );
  const inShape = net.inputs[0].shape;
  const outShape = net.outputs[0].shape;
  if (inShape[inShape.length - 1] !== networkChannels(card.input) || outShape[outShape.length - 1] !== card.classes.length) {
    net.dispose();
    throw new Error(
      `Model ${source}: the network maps ${inShape[inShape.length - 1]} channel(s) to ${outShape[outShape.length - 1]} classes but the card says ${networkChannels(card.input)} channel(s) and ${card.classes.length} classes`
    );
  }
  return net;
}
async function decodeModel(read, sha256, source) {
  const card = parseCardBytes(await read(MODEL_CARD_FILE), `${source}/${MODEL_CARD_FILE}`);
  if (card.files.length === 0)
    throw new Error(
      `Invalid model card ${source}/${MODEL_CARD_FILE}: files is empty, so nothing can be verified`
    );
  const modelJsonBytes = await read(MODEL_JSON);
  await verifyFile(card, MODEL_JSON, modelJsonBytes, sha256, source);
  const shards = [];
  for (const record of card.files.slice(1)) {
    const bytes = await read(record.path);
    await verifyFile(card, record.path, bytes, sha256, source);
    shards.push(bytes);
  }
  const net = await networkFromBytes(modelJsonBytes, shards, card, source);
  return { net, card };
}

// src/io/node/directory.ts
var BROWSER_MODEL_HINT = "load the model from a URL or IndexedDB";
var nodeFs2 = (caller) => nodeBuiltin("node:fs/promises", caller, BROWSER_MODEL_HINT);
var nodePath = (caller) => nodeBuiltin("node:path", caller, BROWSER_MODEL_HINT);
async function readFileIn(dir, name, caller) {
  const file = nodePath(caller).join(dir, name);
  try {
    return new Uint8Array(await nodeFs2(caller).readFile(file));
  } catch (error) {
    throw new Error(`${caller}: cannot read ${file}: ${errorMessage(error)}`);
  }
}
async function exists(path, caller) {
  try {
    await nodeFs2(caller).stat(path);
    return true;
  } catch {
    return false;
  }
}

// src/io/node/hash.ts
var sha256Node = async (bytes) => nodeBuiltin("node:crypto", "sha256").createHash("sha256").update(bytes).digest("hex");

// src/io/node/model-dir.ts
async function loadModelFromDirectory(dir) {
  const caller = "loadModelFromDirectory";
  const path = nodePath(caller);
  let root = path.resolve(dir);
  if (!await exists(path.join(root, MODEL_CARD_FILE), caller) && await exists(path.join(root, "model", MODEL_CARD_FILE), caller)) {
    root = path.join(root, "model");
  }
  if (!await exists(path.join(root, MODEL_CARD_FILE), caller)) {
    throw new Error(`${caller}: ${root} has no ${MODEL_CARD_FILE} (not a seglens model directory)`);
  }
  return decodeModel((name) => readFileIn(root, name, caller), sha256Node, root);
}

// src/infer/segment.ts
var tf8 = __toESM(require("@tensorflow/tfjs-core"));

// src/infer/abort.ts
function abortError(signal, what) {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(`${what} was cancelled${reason === void 0 ? "" : `: ${String(reason)}`}`);
  error.name = "AbortError";
  return error;
}
function throwIfAborted(signal, what) {
  if (signal?.aborted) throw abortError(signal, what);
}
function yieldToEventLoop() {
  return new Promise((resolve) => {
    if (typeof setImmediate === "function") setImmediate(resolve);
    else if (typeof MessageChannel === "function") {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else setTimeout(resolve, 0);
  });
}
async function yieldAndCheck(signal, what) {
  await yieldToEventLoop();
  throwIfAborted(signal, what);
}

// src/infer/fit.ts
var tf6 = __toESM(require("@tensorflow/tfjs-core"));
function centredOffset(h, w, size) {
  return [Math.floor((size[0] - h) / 2), Math.floor((size[1] - w) / 2)];
}
function place(x2, size, top, left) {
  const [, h, w] = x2.shape;
  return tf6.tidy(() => {
    const rank = x2.rank;
    const cropTop = Math.max(0, -top);
    const cropLeft = Math.max(0, -left);
    const padTop = Math.max(0, top);
    const padLeft = Math.max(0, left);
    const keepH = Math.min(h - cropTop, size[0] - padTop);
    const keepW = Math.min(w - cropLeft, size[1] - padLeft);
    let y = x2;
    if (cropTop > 0 || cropLeft > 0 || keepH < h || keepW < w) {
      y = tf6.slice(
        y,
        rank === 4 ? [0, cropTop, cropLeft, 0] : [0, cropTop, cropLeft],
        rank === 4 ? [-1, keepH, keepW, -1] : [-1, keepH, keepW]
      );
    }
    const pads = [
      [0, 0],
      [padTop, size[0] - keepH - padTop],
      [padLeft, size[1] - keepW - padLeft]
    ];
    if (rank === 4) pads.push([0, 0]);
    return pads.some(([a, b]) => a > 0 || b > 0) ? tf6.pad(y, pads) : tf6.clone(y);
  });
}
function padOrCrop2(x2, size) {
  const [top, left] = centredOffset(x2.shape[1], x2.shape[2], size);
  return place(x2, size, top, left);
}
function unpad(x2, size) {
  const [top, left] = centredOffset(size[0], size[1], [x2.shape[1], x2.shape[2]]);
  return place(x2, size, -top, -left);
}
function fitImages(images, size, mode) {
  const [, h, w] = images.shape;
  if (h === size[0] && w === size[1]) return tf6.clone(images);
  if (mode === "pad") return padOrCrop2(images, size);
  return tf6.image.resizeBilinear(images, size, false, true);
}
function unfitScores(scores, size, mode) {
  const [, h, w] = scores.shape;
  if (h === size[0] && w === size[1]) return tf6.clone(scores);
  if (mode === "pad") return unpad(scores, size);
  return tf6.image.resizeBilinear(scores, size, false, true);
}

// src/infer/read-back.ts
var tf7 = __toESM(require("@tensorflow/tfjs-core"));
function isHeapBackend(backend2) {
  return typeof backend2?.typedArrayFromHeap === "function";
}
async function withValues(t, use) {
  if (t.dtype === "float32" || t.dtype === "int32" || t.dtype === "bool") {
    const backend2 = tf7.engine().backendName === "wasm" ? tf7.backend() : void 0;
    if (isHeapBackend(backend2)) return use(backend2.typedArrayFromHeap(t));
  }
  return use(await t.data());
}

// src/infer/segment.ts
function alignedVolume(like, voxels, channels) {
  return createVolume({
    voxels,
    dims: [...like.dims],
    spacing: [...like.spacing],
    origin: [...like.origin],
    direction: [...like.direction],
    channels,
    dicom: like.dicom,
    spacingUnknown: like.spacingUnknown
  });
}
async function segment(model, volume, options = {}) {
  const { card, net } = model;
  const input2 = card.input;
  const classes2 = card.classes.length;
  if (!volume || !volume.voxels || !Array.isArray(volume.dims))
    throw new Error("segment: volume must be a Volume");
  if (volume.channels !== input2.channels) {
    throw new Error(
      `segment: the model '${card.name}' takes ${input2.channels}-channel images but the volume has ${volume.channels} channel(s)`
    );
  }
  if (classes2 > 256) throw new Error(`segment: ${classes2} classes do not fit a uint8 label map`);
  const batchSize = options.batchSize ?? 8;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`segment: batchSize must be a positive integer, got ${batchSize}`);
  if (options.folded !== void 0 && options.folded.source !== net)
    throw new Error(`segment: options.folded was folded from another network than the model '${card.name}'`);
  throwIfAborted(options.signal, "segment");
  const layout = modelSliceLayout(input2, volume, "segment");
  const coefficients = normalizationCoefficients(volume.voxels, input2.channels, input2.normalization);
  const voxels = volume.dims[0] * volume.dims[1] * volume.dims[2];
  const labels = new Uint8Array(voxels);
  const probabilities = options.probabilities ? new Float32Array(voxels * classes2) : void 0;
  const { height, width, count } = layout;
  const context = input2.contextSlices ?? 0;
  const seen = networkChannels(input2);
  const sliceSize = height * width * seen;
  const buffer = new Float32Array(batchSize * sliceSize);
  const [inH, inW] = input2.size;
  const scoreSize = inH * inW * classes2;
  const modelScores = options.modelScores ? { values: new Float32Array(count * scoreSize), layout, size: [inH, inW], fit: input2.fit, classes: classes2 } : void 0;
  const kept = options.folded?.isCurrent() ? options.folded : void 0;
  const folded = kept ?? foldBatchNorm(net);
  try {
    for (let start = 0; start < count; start += batchSize) {
      await yieldAndCheck(options.signal, "segment");
      const n = Math.min(batchSize, count - start);
      const images = n === batchSize ? buffer : buffer.subarray(0, n * sliceSize);
      gatherNormalizedSliceRange(
        volume.voxels,
        input2.channels,
        layout,
        start,
        n,
        coefficients,
        images,
        context
      );
      const [out, small] = tf8.tidy(() => {
        const x2 = tf8.tensor4d(images, [n, height, width, seen]);
        const softmax2 = tf8.softmax(folded.predict(fitImages(x2, input2.size, input2.fit)));
        const scores = unfitScores(softmax2, [height, width], input2.fit);
        return [probabilities ? scores : tf8.argMax(scores, -1), modelScores ? softmax2 : null];
      });
      try {
        await withValues(out, (values) => {
          if (probabilities) scatterScoreRange(values, classes2, layout, start, n, labels, probabilities);
          else scatterSliceRange(values, 1, layout, start, n, labels);
        });
        if (modelScores && small) {
          await withValues(small, (values) => modelScores.values.set(values, start * scoreSize));
        }
      } finally {
        out.dispose();
        small?.dispose();
      }
      options.onProgress?.({ slicesDone: start + n, slices: count });
    }
  } finally {
    if (!kept) folded.dispose();
  }
  return {
    labels: alignedVolume(volume, labels, 1),
    ...probabilities ? { probabilities: alignedVolume(volume, probabilities, classes2) } : {},
    ...modelScores ? { modelScores } : {}
  };
}

// bench/.scratch-ts.ts
var MAP = [
  ["spleen", 1, 1],
  ["liver", 5, 6],
  ["stomach", 6, 7],
  ["pancreas", 7, 11],
  ["right adrenal gland", 8, 12],
  ["aorta", 52, 8],
  ["inferior vena cava", 63, 9],
  ["portal and splenic vein", 64, 10]
];
async function main() {
  await selectBackend({ force: "wasm", threads: 1 });
  const dir = "/work/shared/data/ct-abdomen-totalsegmentator";
  const ct = await readDicomFolder(`${dir}/dicom`);
  const { volume: ts } = await readNiftiFile(`${dir}/labels.nii.gz`);
  const ref = resampleLabels(ts, ct);
  const rows = [];
  for (const name of ["ct-abdomen-rce", "ct-abdomen-dice", "ct-abdomen-ce"]) {
    const model = await loadModelFromDirectory(`pretrained/${name}`);
    const { labels } = await segment(model, ct);
    const cells = [];
    let sum2 = 0;
    for (const [cls, t, b] of MAP) {
      let tp = 0, fp = 0, fn = 0, nr = 0, np = 0;
      for (let i2 = 0; i2 < ref.voxels.length; i2++) {
        const r = ref.voxels[i2] === t, p = labels.voxels[i2] === b;
        if (r && p) tp++;
        else if (p) fp++;
        else if (r) fn++;
        if (r) nr++;
        if (p) np++;
      }
      const dsc = nr + np === 0 ? NaN : 2 * tp / (2 * tp + fp + fn);
      sum2 += dsc;
      cells.push(`${cls} ${dsc.toFixed(3)} (${(100 * np / ref.voxels.length).toFixed(2)}% vs ${(100 * nr / ref.voxels.length).toFixed(2)}%)`);
    }
    rows.push(`${name}: mean ${(sum2 / MAP.length).toFixed(3)} | ${cells.join(" | ")}`);
  }
  console.log(rows.join("\n"));
  process.exit(0);
}
main();
/*! Bundled license information:

dicom-parser/dist/dicomParser.min.js:
  (*! dicom-parser - 1.8.12 - 2023-02-20 | (c) 2017 Chris Hafey | https://github.com/cornerstonejs/dicomParser *)
*/
