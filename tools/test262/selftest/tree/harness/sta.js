// Minimal sta.js for the runner self-test.
function Test262Error(message) { this.message = message || ""; }
function $DONOTEVALUATE() { throw "Test262: This statement should not be evaluated."; }
