package dev.tfsdeploy.cluster.rollout;

/** What a deploy, rollback or teardown reports while it works; the CLI prints it on stderr. */
public interface RolloutListener {
  RolloutListener NONE =
      new RolloutListener() {
        @Override
        public void progress(String message) {}

        @Override
        public void warning(String message) {}
      };

  /** A step done or a state reached: "applied Service/tfs-serving", "1/2 updated, ...". */
  void progress(String message);

  /** Something that looks wrong while waiting, e.g. a pod in ImagePullBackOff. */
  void warning(String message);
}
