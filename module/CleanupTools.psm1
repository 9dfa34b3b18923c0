# The CleanupTools module's root script. It does one thing: load the compiled cmdlets into the module's private
# assembly load context and import them. Why a private context, and why the whole cmdlet assembly goes there, is
# written down in src/CleanupTools.Loader/ModuleLoadContext.cs.
#
# Layout (out/module after a build, and every packaged version folder):
#   CleanupTools.Loader.dll   loaded here into PowerShell's default context; it holds nothing but the load context
#   lib/                      the cmdlets, the engine and their packages, loaded only through that context

# A second runspace, or an import after Remove-Module, finds the loader already loaded: Add-Type would fail on it.
if (-not ('CleanupTools.Loader.ModuleLoadContext' -as [type])) {
    Add-Type -LiteralPath (Join-Path $PSScriptRoot 'CleanupTools.Loader.dll')
}

$cmdletAssembly = [CleanupTools.Loader.ModuleLoadContext]::LoadCmdletAssembly(
    (Join-Path $PSScriptRoot ([CleanupTools.Loader.ModuleLoadContext]::PrivateFolder)))

# A nested module of this one: the manifest's CmdletsToExport decides what the session sees.
$cmdletModule = Import-Module -Assembly $cmdletAssembly -PassThru

# PowerShell caches a module imported from an assembly object: importing it again (Import-Module -Force, or after
# Remove-Module) returns the cached module without adding its cmdlets to this module's scope, so nothing would be
# exported (PowerShell issue 20710). Importing that module object itself puts them back. Not with -Force: that
# reloads the module from its file path, i.e. a second copy of the cmdlet assembly in the default load context,
# whose cmdlets then fail to bind any parameter (cannot cast ...Command to ...Command).
$missing = foreach ($cmdlet in $cmdletModule.ExportedCmdlets.Values) {
    if ($null -eq $ExecutionContext.SessionState.InvokeCommand.GetCmdlet($cmdlet.Name)) { $cmdlet.Name }
}
if ($missing) {
    Import-Module -ModuleInfo $cmdletModule
}
