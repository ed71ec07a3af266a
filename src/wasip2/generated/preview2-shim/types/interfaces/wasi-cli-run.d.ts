/** @module Interface wasi:cli/run@0.2.3 **/
/**
 * Run the program.
 */
export function run(): void;
