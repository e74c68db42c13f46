package dev.tfsdeploy.serving;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.FifoQueue;
import org.tensorflow.op.io.ReaderRead;
import org.tensorflow.op.io.TfRecordReader;
import org.tensorflow.types.TString;

/**
 * TensorFlow's own TFRecord reader (the TFRecordReader op, on core/lib/io's record reader, which
 * checks both CRCs; the native library runs in test scope): the oracle for the files the project
 * writes.
 */
public final class TensorFlowRecords {
  private TensorFlowRecords() {}

  /** Every record of {@code file}, in order; TensorFlow's exception when it finds one damaged. */
  public static List<byte[]> read(Path file) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      FifoQueue files = tf.io.fifoQueue(List.of(TString.class));
      var enqueue = tf.io.queueEnqueue(files, List.of(tf.constant(file.toString())));
      var close = tf.io.queueClose(files);
      TfRecordReader reader = tf.io.tfRecordReader();
      ReaderRead read = tf.io.readerRead(reader, files);
      session.runner().addTarget(enqueue).run().close();
      session.runner().addTarget(close).run().close();
      List<byte[]> records = new ArrayList<>();
      while (true) {
        try (Result result = session.runner().fetch(read.value()).run()) {
          records.add(((TString) result.get(0)).asBytes().getObject());
        } catch (TFOutOfRangeException end) {
          return records;
        }
      }
    }
  }
}
