#!/usr/bin/env node
// The only place that exits the process: main() returns an exit code and never exits itself.
import { main } from '../dist/bundle/cli.js';

process.exitCode = await main(process.argv.slice(2));
