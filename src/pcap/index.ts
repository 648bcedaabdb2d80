/** pcap and pcapng: streaming reader and writers, link types and their skb metadata, hex dumps, a packet builder. */
export * from './reader.js';
export * from './writer.js';
export * from './linktypes.js';
export * from './hexdump.js';
export * as build from './build.js';
export { PcapError } from '../errors.js';
export * from './filter-stream.js';
