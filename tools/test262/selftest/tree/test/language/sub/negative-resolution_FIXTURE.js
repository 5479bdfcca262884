// A module fixture: never run as a test (the fake engine would reject it).
export var y;
