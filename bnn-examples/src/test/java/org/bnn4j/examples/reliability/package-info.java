/**
 * Replays of the reliability cases of the {@code bnn} command, each checking the expected behaviour; run by the
 * default test suite. One class per behaviour:
 * <ul>
 *   <li>{@link org.bnn4j.examples.reliability.OutputDestinationTest}: outputs never replace what is at the
 *       destination (FIFO written through, device node kept, symbolic link followed and kept);</li>
 *   <li>{@link org.bnn4j.examples.reliability.OutputEqualToInputTest}: an output that is an input is refused (exit 2,
 *       compared as files);</li>
 *   <li>{@link org.bnn4j.examples.reliability.StandardOutputErrorTest}: write errors on standard output fail the
 *       command ({@code > /dev/full}, a closed descriptor);</li>
 *   <li>{@link org.bnn4j.examples.reliability.ExtremeValuesTest}: columns of extreme magnitude fit and predict, or
 *       are refused at fit time; never a saved model that predict refuses;</li>
 *   <li>{@link org.bnn4j.examples.reliability.ByteOrderMarkTest}: a UTF-8 byte-order mark is not part of a column
 *       name;</li>
 *   <li>{@link org.bnn4j.examples.reliability.EarlyFailureTest}: memory-sized requests, directories as files, files as
 *       folders, unwritable folders and diverging fits give one line and exit 2, before any long work;</li>
 *   <li>{@link org.bnn4j.examples.reliability.InterruptedSaveTest}: SIGTERM or Ctrl-C during a save leaves no
 *       temporary file;</li>
 *   <li>{@link org.bnn4j.examples.reliability.FileModeTest}: new files follow the umask, replaced files keep their
 *       mode;</li>
 *   <li>{@link org.bnn4j.examples.reliability.MessagesTest}: messages name the real problem and only existing
 *       options;</li>
 *   <li>{@link org.bnn4j.examples.reliability.ProgressTest}: progress on a terminal or in a log, {@code --quiet},
 *       {@code --metrics-log};</li>
 *   <li>{@link org.bnn4j.examples.reliability.FitPriorTest}: {@code bnn fit --prior}.</li>
 * </ul>
 * The README's consumer path is checked by {@code ReadmeConsumerSyncTest} and the invoker projects in
 * {@code src/it}; {@code bnn uci --metrics-log} by {@code UciProgressTest}.
 */
package org.bnn4j.examples.reliability;
