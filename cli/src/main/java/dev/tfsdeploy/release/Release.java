package dev.tfsdeploy.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A GitHub release: the fields of GitHub's release JSON this tool reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Release(
    String tagName, String name, boolean draft, boolean prerelease, List<ReleaseAsset> assets) {
  public Release {
    assets = assets == null ? List.of() : List.copyOf(assets);
  }

  public List<String> assetNames() {
    return assets.stream().map(ReleaseAsset::name).toList();
  }
}
