package dev.tfsdeploy.model;

/**
 * One entry as an archive describes it, before any of it is trusted.
 *
 * @param name the entry's path inside the archive, as written there
 * @param type what the entry would create
 * @param linkTarget for links: the path they point at; otherwise null
 */
record ArchiveEntry(String name, Type type, String linkTarget) {
  enum Type {
    FILE("a regular file"),
    DIRECTORY("a directory"),
    SYMBOLIC_LINK("a symbolic link"),
    HARD_LINK("a hard link"),
    CHARACTER_DEVICE("a character device"),
    BLOCK_DEVICE("a block device"),
    FIFO("a FIFO (named pipe)"),
    SOCKET("a socket"),
    SPARSE_FILE("a sparse file"),
    UNKNOWN("an entry of an unknown type");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }
}
