// octane_run.js - runs Octane benchmarks in one engine: loads the harness
// (base.js) and the benchmark files named in OCTANE_BENCHMARKS from
// OCTANE_DIR, then BenchmarkSuite.RunSuites, printing one "Name: score" line
// per result, "Name: FAILED reason" for an error and "Score: N" at the end.
// The caller (bench/run.py) defines OCTANE_DIR, OCTANE_BENCHMARKS, and for
// engines without them the shell functions load(file) and print(...).
load(OCTANE_DIR + "/base.js");
for (var i = 0; i < OCTANE_BENCHMARKS.length; i++) load(OCTANE_DIR + "/" + OCTANE_BENCHMARKS[i] + ".js");
var octaneFailed = false;
BenchmarkSuite.RunSuites({
  NotifyResult: function (name, result) { print(name + ": " + result); },
  NotifyError: function (name, error) {
    octaneFailed = true;
    print(name + ": FAILED " + error);
  },
  NotifyScore: function (score) { if (!octaneFailed) print("Score: " + score); },
});
