import dev.tfsdeploy.experiments.Experiments;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.ManifestSchema;
import dev.tfsdeploy.overlay.RenderOptions;
import dev.tfsdeploy.overlay.Rendering;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders every experiment once in this (fresh) JVM and prints how long the loop took, then how
 * long checking all results against the Kubernetes schema took (kubectl kustomize does no such
 * check, so it is reported apart).
 */
public class RenderBench {
  public static void main(String[] args) {
    Experiments experiments = new Experiments(Path.of(args[0]));
    List<String> names = experiments.names();
    List<Rendering> renderings = new ArrayList<>();
    long start = System.nanoTime();
    for (String name : names) {
      Rendering rendering = Kustomization.load(experiments.directory(name)).render(RenderOptions.DEFAULT);
      rendering.yaml();
      renderings.add(rendering);
    }
    long renderMicros = (System.nanoTime() - start) / 1000;
    start = System.nanoTime();
    for (int i = 0; i < names.size(); i++) {
      ManifestSchema.check(renderings.get(i), names.get(i));
    }
    long schemaMicros = (System.nanoTime() - start) / 1000;
    System.out.println("RENDER_US=" + renderMicros + " SCHEMA_US=" + schemaMicros + " COUNT=" + names.size());
  }
}
