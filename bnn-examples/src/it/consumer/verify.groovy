// Post-build check of the consumer IT: the README example ran (as RunReadmeExampleTest) and printed its line.
def log = new File(basedir, 'build.log').text
assert log.contains('README example OK:') : 'the README example did not run to the end; see build.log'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'RunReadmeExampleTest did not pass'
return true
