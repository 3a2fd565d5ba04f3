// Post-build check: the binding test ran and passed.
def log = new File(basedir, 'build.log').text
assert log.contains('SLF4J 1.7 binding OK:') : 'Slf4j17BindingTest did not run to the end; see build.log'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'Slf4j17BindingTest did not pass'
return true
