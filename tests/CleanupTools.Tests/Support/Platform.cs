// The suite exercises Unix semantics on purpose (symbolic links, chattr, file modes): it runs on Linux and macOS.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
