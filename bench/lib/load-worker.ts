// Runs one open-model measurement in its own process (so the load generator never shares an event loop with the
// server it measures) and prints the result as one JSON line. Input: the OpenModelOptions as JSON in argv[2].
import { runOpenModel, type OpenModelOptions } from './open-model.ts';

const options = JSON.parse(process.argv[2] ?? '') as OpenModelOptions;
const result = await runOpenModel(options);
process.stdout.write(JSON.stringify(result) + '\n');
