import type { StepInput } from './schema.ts';
import {
  CARGO_OUTPUT_DIR,
  COMMITTED_MODULE_DIR,
  CONTAINERFILE,
  IMAGE,
  IMAGE_PLATFORM,
  REGISTRY_CONTAINER,
  REGISTRY_CONTAINER_PORT,
  REGISTRY_HOST,
  REGISTRY_IMAGE,
} from './constants.ts';
import { classicImageStore, kindLoadSnapshot, noMatchForPlatform, podmanMachineLocalhost, registryStopped } from './troubleshooting.ts';
import { SERVER_MODULE } from '../course/facts.ts';

const registryPort = REGISTRY_HOST.split(':')[1] ?? '5001';

/** The lesson that shows these steps (content/lessons/06-oci-image.mdx). */
const LESSON = '06-oci-image';

// Package the module as an OCI image and put it in a local registry the cluster can pull from.
export const imageSteps: StepInput[] = [
  {
    id: 'image-build',
    title: 'Build a wasi/wasm image',
    command: `buildah build --platform ${IMAGE_PLATFORM} -f ${CONTAINERFILE} -t ${IMAGE} ${CARGO_OUTPUT_DIR}`,
    where: 'machine',
    lesson: LESSON,
    summary: 'An image FROM scratch with one file, the module, and the module as its entrypoint. Its platform says wasi/wasm, not linux/amd64.',
    expected: `COMMIT ${IMAGE} ... Successfully tagged ${IMAGE}`,
    hint: `The last argument is the build context: the folder that holds ${SERVER_MODULE}. Use ${COMMITTED_MODULE_DIR} to package the committed module instead of your build. The old \`module.wasm.image/variant=compat-smart\` annotation is a crun switch that the runwasi shim never reads; leave it out.`,
    alternatives: [
      { label: 'podman', command: `podman build --platform ${IMAGE_PLATFORM} -f ${CONTAINERFILE} -t ${IMAGE} ${CARGO_OUTPUT_DIR}` },
      {
        label: 'Docker with buildx (builds and pushes in one go; start the registry first)',
        command: `docker buildx build --platform ${IMAGE_PLATFORM} --provenance=false -f ${CONTAINERFILE} -t ${IMAGE} --push ${CARGO_OUTPUT_DIR}`,
      },
    ],
    troubleshooting: [
      classicImageStore,
      podmanMachineLocalhost,
      {
        symptom: `COPY failed / no such file or directory: ${SERVER_MODULE}`,
        fix: `The build context has no module: build it first (cd wasm && cargo build --target wasm32-wasip1 --release), or use ${COMMITTED_MODULE_DIR} as the context.`,
      },
      noMatchForPlatform,
    ],
    check: 'image-built',
    script: 'deploy/scripts/03-build-image.sh',
  },
  {
    id: 'registry-start',
    title: 'Start a local registry',
    command: `docker run -d --restart=always -p 127.0.0.1:${registryPort}:${REGISTRY_CONTAINER_PORT} --network bridge --name ${REGISTRY_CONTAINER} ${REGISTRY_IMAGE}`,
    where: 'machine',
    lesson: LESSON,
    summary: `A registry on ${REGISTRY_HOST}; the kind cluster will pull your image from it (kind's local-registry pattern).`,
    expected: 'a container id; `docker ps` shows kind-registry',
    hint: 'The cluster script starts it too when it is not running (or starts a stopped one), so this step is safe to skip if you create the cluster first.',
    alternatives: [{ label: 'podman', command: `podman run -d --restart=always -p 127.0.0.1:${registryPort}:${REGISTRY_CONTAINER_PORT} --network bridge --name ${REGISTRY_CONTAINER} ${REGISTRY_IMAGE}` }],
    troubleshooting: [
      registryStopped,
      {
        symptom: `Bind for 127.0.0.1:${registryPort} failed: port is already allocated`,
        fix: `Another program uses port ${registryPort}; stop it (on macOS, AirPlay Receiver is known to take port 5000, which is why kind uses ${registryPort}).`,
      },
    ],
    check: 'registry-has-image',
    script: 'deploy/scripts/02-create-cluster.sh',
  },
  {
    id: 'image-push',
    title: 'Push the image to the local registry',
    command: `buildah push --tls-verify=false ${IMAGE}`,
    where: 'machine',
    lesson: LESSON,
    summary: 'Puts the image where the cluster pulls it. The registry speaks plain HTTP, hence --tls-verify=false.',
    expected: 'Writing manifest to image destination (and: Storing signatures)',
    hint: `Check it: curl http://${REGISTRY_HOST}/v2/word-generator/tags/list`,
    alternatives: [{ label: 'podman', command: `podman push --tls-verify=false ${IMAGE}` }],
    troubleshooting: [
      {
        symptom: 'connection refused',
        fix: 'The registry is not running: do the "Start a local registry" step.',
      },
      {
        symptom: 'http: server gave HTTP response to HTTPS client',
        fix: 'Add --tls-verify=false: the local registry has no TLS.',
      },
      kindLoadSnapshot,
    ],
    check: 'registry-has-image',
    script: 'deploy/scripts/03-build-image.sh',
  },
];
