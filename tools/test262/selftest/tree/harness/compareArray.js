// Minimal include for the runner self-test.
function compareArray(a, b) { return a.length === b.length; }
