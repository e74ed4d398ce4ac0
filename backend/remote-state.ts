import { DataTerraformRemoteStateS3 } from 'cdktf';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../environments/types';
import { s3BackendSettings } from './s3-backend';

/**
 * Reads the outputs of the state kept at `path` (e.g. `dev/vpc`). This explicit reader replaces cdktf cross-stack
 * references, so no stack depends on another in `manifest.json` and each layer deploys alone (decision 3).
 */
export function readRemoteState(
  scope: Construct,
  id: string,
  platform: PlatformConfig,
  path: string,
): DataTerraformRemoteStateS3 {
  const { bucket, key, region } = s3BackendSettings(platform, path);
  return new DataTerraformRemoteStateS3(scope, id, { bucket, key, region });
}
