// The default StorageClass's name, apart from its construct: the smoke test and the add-ons that claim volumes
// name it, and the smoke facts script must not load cdktf for a name.
export const DEFAULT_STORAGE_CLASS_NAME = 'gp3';
