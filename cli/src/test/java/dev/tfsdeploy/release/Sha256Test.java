package dev.tfsdeploy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class Sha256Test {
  private static final String HEX =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void readsPlainHexAndGitHubsPrefixedFormInAnyCase() {
    assertThat(Sha256.parse(HEX.toUpperCase(Locale.ROOT))).isEqualTo(new Sha256(HEX));
    assertThat(Sha256.parse("sha256:" + HEX)).isEqualTo(new Sha256(HEX));
    assertThat(Sha256.parse(" SHA256:" + HEX + "\n")).isEqualTo(new Sha256(HEX));
  }

  @Test
  void refusesTextThatIsNotA256BitHexDigest() {
    assertThatThrownBy(() -> Sha256.parse(HEX.substring(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sha256.parse("md5:" + HEX))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sha256.parse(HEX.replace('e', 'g')))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void githubDigestOfAnotherAlgorithmOrNoneMeansNothingToVerify() {
    assertThat(Sha256.fromGitHubDigest(null)).isEmpty();
    assertThat(Sha256.fromGitHubDigest("sha512:abc")).isEmpty();
    assertThat(Sha256.fromGitHubDigest("sha256:" + HEX)).contains(new Sha256(HEX));
  }

  @Test
  void digestOfBytesMatchesSha256sum() {
    var digest = Sha256.newDigest();
    assertThat(Sha256.of(digest)).isEqualTo(new Sha256(HEX));
  }
}
