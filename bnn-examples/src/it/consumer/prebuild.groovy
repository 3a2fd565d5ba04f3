// Before the consumer builds: take the Java example from README.md as it is written there (the first ```java block)
// and make it this project's only main source file, so that the consumer compiles and runs exactly what the README
// shows. The README's path comes from the invoker configuration (scriptVariables: readme).
def text = new File(readme).getText('UTF-8')
def open = text.indexOf('```java\n')
assert open >= 0 : "README.md (${readme}) has no ```java block"
def close = text.indexOf('```', open + 8)
def code = text.substring(open + 8, close)
def m = code =~ /public\s+class\s+(\w+)/
assert m.find() : 'the README example declares no public class'
def name = m.group(1)
def pkg = code =~ /(?m)^package\s+([\w.]+)\s*;/
def dir = pkg.find() ? pkg.group(1).replace('.', '/') + '/' : ''
def src = new File(basedir, "src/main/java/${dir}${name}.java")
src.parentFile.mkdirs()
src.setText(code, 'UTF-8')
def props = new File(basedir, 'src/test/resources/readme-example.properties')
props.parentFile.mkdirs()
props.setText("mainClass=${pkg.find() ? pkg.group(1) + '.' : ''}${name}\n", 'UTF-8')
println "README example -> ${src}"
return true
