package dev.tfsdeploy.loadtest;

/** A FIFO of nanosecond times without boxing: the open loop's due-but-unsent requests. */
final class TimeQueue {
  private long[] times = new long[64];
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  long peek() {
    return times[head];
  }

  long poll() {
    long time = times[head];
    head = (head + 1) % times.length;
    size--;
    return time;
  }

  void add(long time) {
    if (size == times.length) {
      long[] grown = new long[times.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = times[(head + i) % times.length];
      }
      times = grown;
      head = 0;
    }
    times[(head + size) % times.length] = time;
    size++;
  }
}
