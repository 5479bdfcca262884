// Minimal doneprintHandle.js for the runner self-test.
function $DONE(error) { print(error ? 'Test262:AsyncTestFailure:' + error : 'Test262:AsyncTestComplete'); }
