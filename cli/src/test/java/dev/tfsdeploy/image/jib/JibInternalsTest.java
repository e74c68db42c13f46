package dev.tfsdeploy.image.jib;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.cache.Cache;
import com.google.cloud.tools.jib.cache.CachedLayer;
import com.google.common.collect.ImmutableList;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jib internals tfs-deploy uses (see this package's notes) are still there and still do what
 * tfs-deploy relies on. When Jib is upgraded, the first test fails until each use below has been
 * re-checked against the new Jib and {@link #CHECKED_VERSION} updated.
 */
class JibInternalsTest {
  /** The jib-core version whose internals were last checked. */
  private static final String CHECKED_VERSION = "0.28.1";

  private static final String TO_RE_CHECK =
      String.join(
          "\n  ",
          "re-check, then set CHECKED_VERSION in JibInternalsTest:",
          "- com.google.cloud.tools.jib.cache.PrebuiltApplicationLayers: the cache layout"
              + " (CacheStorageFiles) and LayerEntriesSelector, and that Jib still reads a cached"
              + " layer only to push it (StoredLayers files placeholders for layers the registry"
              + " has)",
          "- JibEvents: ProgressEvent, TimerEvent and ProgressEventHandler",
          "- CredentialsOverHttp: JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP, read when a build"
              + " starts",
          "- DockerConfigCredentials: CredentialRetrieverFactory.forImage(..).dockerConfig(Path)",
          "- JibExceptions: RegistryCredentialsNotSentException, CredentialRetrievalException still"
              + " thrown",
          "- dev.tfsdeploy.image.ReproducibleTar: still the tar Jib writes (ReproducibleTarTest)",
          "- dev.tfsdeploy.image.JibLog: the wording of Jib's retry messages");

  /**
   * Every internal class and member used: {@code class#member(parameter types)}, {@code
   * class#FIELD} for a static field, or a bare class name.
   */
  private static final List<String> USED =
      List.of(
          "com.google.cloud.tools.jib.cache.CacheStorageFiles#<init>(java.nio.file.Path)",
          "com.google.cloud.tools.jib.cache.CacheStorageFiles#getLayerFile("
              + "com.google.cloud.tools.jib.api.DescriptorDigest,com.google.cloud.tools.jib.api.DescriptorDigest)",
          "com.google.cloud.tools.jib.cache.CacheStorageFiles#getSelectorFile(com.google.cloud.tools.jib.api.DescriptorDigest)",
          "com.google.cloud.tools.jib.cache.LayerEntriesSelector#generateSelector(com.google.common.collect.ImmutableList)",
          "com.google.cloud.tools.jib.event.events.TimerEvent#getState()",
          "com.google.cloud.tools.jib.event.events.TimerEvent#getDescription()",
          "com.google.cloud.tools.jib.event.events.TimerEvent#getElapsed()",
          "com.google.cloud.tools.jib.event.events.TimerEvent$State#FINISHED",
          "com.google.cloud.tools.jib.event.progress.ProgressEventHandler#<init>(java.util.function.Consumer)",
          "com.google.cloud.tools.jib.event.progress.ProgressEventHandler$Update#getProgress()",
          "com.google.cloud.tools.jib.global.JibSystemProperties#SEND_CREDENTIALS_OVER_HTTP",
          "com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory#forImage("
              + "com.google.cloud.tools.jib.api.ImageReference,java.util.function.Consumer,java.util.Map)",
          "com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory#dockerConfig(java.nio.file.Path)",
          "com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException",
          "com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException");

  @Test
  void theJibOnTheClassPathIsTheVersionWhoseInternalsWereChecked() throws Exception {
    Path jar = Path.of(Cache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String version;
    try (JarFile file = new JarFile(jar.toFile())) {
      version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
    assertThat(version)
        .as(
            "jib-core is %s (%s), its internals were checked against %s; %s",
            version, jar, CHECKED_VERSION, TO_RE_CHECK)
        .isEqualTo(CHECKED_VERSION);
  }

  @Test
  void everyInternalClassAndMemberUsedIsStillThere() {
    List<String> missing = new ArrayList<>();
    for (String member : USED) {
      try {
        find(member);
      } catch (ReflectiveOperationException e) {
        missing.add(member + " (" + e + ")");
      }
    }
    assertThat(missing).as("Jib internals gone or changed; %s", TO_RE_CHECK).isEmpty();
  }

  @Test
  void theSendCredentialsOverHttpSwitchIsTheSystemPropertyJibDocuments() {
    assertThat(CredentialsOverHttp.PROPERTY).isEqualTo("sendCredentialsOverHttp");
  }

  @Test
  void aLayerFiledInTheCacheIsWhatJibFindsForItsEntries(@TempDir Path dir) throws Exception {
    Path model = Files.writeString(dir.resolve("saved_model.pb"), "model");
    List<FileEntry> entries =
        FileEntriesLayer.builder()
            .addEntry(
                model,
                AbsoluteUnixPath.get("/models/m/1/saved_model.pb"),
                FilePermissions.DEFAULT_FILE_PERMISSIONS)
            .build()
            .getEntries();
    Path cacheDirectory = Files.createDirectories(dir.resolve("cache"));
    Path compressed = Files.writeString(dir.resolve("layer.tmp"), "compressed bytes");
    DescriptorDigest digest = DescriptorDigest.fromHash("a".repeat(64));
    DescriptorDigest diffId = DescriptorDigest.fromHash("b".repeat(64));

    PrebuiltLayerCache.file(cacheDirectory, entries, digest, diffId, compressed);

    Optional<CachedLayer> found =
        Cache.withDirectory(cacheDirectory).retrieve(ImmutableList.copyOf(entries));
    assertThat(found).as("Jib's cache lookup for the layer's entries; %s", TO_RE_CHECK).isPresent();
    assertThat(found.get().getDigest()).isEqualTo(digest);
    assertThat(found.get().getDiffId()).isEqualTo(diffId);
    assertThat(found.get().getSize()).isEqualTo("compressed bytes".length());
  }

  @Test
  void credentialsOverHttpPutsBackTheValueItFound() {
    System.setProperty(CredentialsOverHttp.PROPERTY, "false");
    try {
      try (CredentialsOverHttp ignored = CredentialsOverHttp.allowIf(true)) {
        assertThat(System.getProperty(CredentialsOverHttp.PROPERTY)).isEqualTo("true");
      }
      assertThat(System.getProperty(CredentialsOverHttp.PROPERTY)).isEqualTo("false");
    } finally {
      System.clearProperty(CredentialsOverHttp.PROPERTY);
    }
  }

  @Test
  void dockerConfigCredentialsReadTheGivenConfigFile(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.json"),
            "{\"auths\":{\"registry.example\":{\"auth\":\"dXNlcjpzZWNyZXQ=\"}}}");
    Consumer<String> ignoredLog = message -> {};

    Optional<Credential> credential =
        DockerConfigCredentials.retriever(
                ImageReference.parse("registry.example/team/model"), config, Map.of(), ignoredLog)
            .retrieve();

    assertThat(credential)
        .hasValueSatisfying(
            found -> {
              assertThat(found.getUsername()).isEqualTo("user");
              assertThat(found.getPassword()).isEqualTo("secret");
            });
  }

  /** Looks up one of {@link #USED}; a constructor is named {@code <init>}. */
  private static void find(String member) throws ReflectiveOperationException {
    String[] parts = member.split("#", 2);
    Class<?> type = Class.forName(parts[0]);
    if (parts.length == 1) {
      return;
    }
    String name = parts[1];
    if (!name.contains("(")) {
      int modifiers = type.getDeclaredField(name).getModifiers();
      if (!Modifier.isStatic(modifiers)) {
        throw new NoSuchFieldException(name + " is no longer static");
      }
      return;
    }
    String methodName = name.substring(0, name.indexOf('('));
    String list = name.substring(name.indexOf('(') + 1, name.length() - 1);
    List<Class<?>> parameters = new ArrayList<>();
    for (String parameter : list.isEmpty() ? new String[0] : list.split(",")) {
      parameters.add(Class.forName(parameter));
    }
    Class<?>[] types = parameters.toArray(Class<?>[]::new);
    java.lang.reflect.Executable found =
        methodName.equals("<init>")
            ? type.getDeclaredConstructor(types)
            : type.getDeclaredMethod(methodName, types);
    if (found.getParameterCount() != types.length) {
      throw new NoSuchMethodException(
          member + " now takes " + found.getParameterCount() + " parameters");
    }
  }
}
