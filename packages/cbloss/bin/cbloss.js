#!/usr/bin/env node
import { exitOnBrokenPipe } from '../dist/cli/exitOnBrokenPipe.js';
import { main } from '../dist/cli/main.js';

exitOnBrokenPipe();
process.exitCode = await main(process.argv.slice(2));
