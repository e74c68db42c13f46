package dev.tfsdeploy.storage;

import com.google.cloud.storage.Blob;

/**
 * One object's metadata as a download needs it: the generation pins the bytes, the checksums verify
 * them ({@code md5} is null for composite objects, which have only a CRC-32C).
 */
record StoredObject(
    String bucket, String name, long generation, long size, String crc32c, String md5) {
  static StoredObject of(Blob blob) {
    return new StoredObject(
        blob.getBucket(),
        blob.getName(),
        blob.getGeneration() == null ? 0 : blob.getGeneration(),
        blob.getSize() == null ? 0 : blob.getSize(),
        blob.getCrc32c(),
        blob.getMd5());
  }

  @Override
  public String toString() {
    return GcsUri.SCHEME + bucket + "/" + name;
  }
}
