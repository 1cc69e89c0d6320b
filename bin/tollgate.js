#!/usr/bin/env node
// Tollgate is written in TypeScript and runs from source through tsx's loader, so `npm install && npm start`
// needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
