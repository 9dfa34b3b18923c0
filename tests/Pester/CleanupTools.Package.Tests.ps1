#Requires -Version 7.4
# build.ps1 -Task Package, and the module folder it writes, used the way an installed module is: by name from a
# PSModulePath directory, auto-loaded, removed and imported again, in a second runspace, and beside other versions of
# its packages. Each case runs in a fresh pwsh process: load contexts and type accelerators are per process.

param([string] $Configuration = 'Release')

BeforeDiscovery {
    $conflicts = @(
        @{ AssemblyName = 'YamlDotNet'; PackageId = 'YamlDotNet'; PackageVersion = '13.1.1'; Framework = 'net7.0'; Probe = 'YamlDotNet.Serialization.SerializerBuilder' }
        @{ AssemblyName = 'Npgsql'; PackageId = 'Npgsql'; PackageVersion = '8.0.3'; Framework = 'net8.0'; Probe = 'Npgsql.NpgsqlConnectionStringBuilder' }
        @{ AssemblyName = 'Microsoft.Data.Sqlite'; PackageId = 'Microsoft.Data.Sqlite.Core'; PackageVersion = '8.0.30'; Framework = 'net8.0'; Probe = 'Microsoft.Data.Sqlite.SqliteConnectionStringBuilder' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    # What every child inherits: the packaged module first on PSModulePath, no cleanup variables of this machine.
    $savedEnvironment = Clear-CleanupEnvironment
    $savedModulePath = $env:PSModulePath
    $repo = Get-RepoRoot
    $manifest = Import-PowerShellDataFile -LiteralPath (Get-ManifestPath)
    $version = $manifest.ModuleVersion
    $modules = Join-Path $repo 'out'
    $package = [IO.Path]::GetFullPath((Join-Path $modules "CleanupTools/$version"))

    & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $repo 'build.ps1') -Task Package -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) { throw "build.ps1 -Task Package failed with exit code $LASTEXITCODE." }

    $demo = New-DemoStore -Path (Join-Path $TestDrive 'package') -Configuration $Configuration

    $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath
}

AfterAll {
    $env:PSModulePath = $savedModulePath
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'build.ps1 -Task Package' {
    It 'rejects an unknown task' {
        { & (Join-Path $repo 'build.ps1') -Task Deploy } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'writes out/CleanupTools/<version> with the loader, the private binaries, views and help' {
        foreach ($file in 'CleanupTools.psd1', 'CleanupTools.psm1', 'CleanupTools.Loader.dll', 'CleanupTools.format.ps1xml',
            'lib/CleanupTools.PowerShell.dll', 'lib/CleanupTools.Engine.dll', 'lib/Microsoft.Data.Sqlite.dll',
            'lib/en-US/CleanupTools.PowerShell.dll-Help.xml', 'lib/en-US/about_CleanupTools.help.txt') {
            Join-Path $package $file | Should -Exist
        }
        # Anything but the loader beside the manifest would be loaded into the default context by someone.
        @(Get-ChildItem -LiteralPath $package -Filter *.dll).Name | Should -Be @('CleanupTools.Loader.dll')
    }

    It 'ships native SQLite for the platforms PowerShell 7.4+ runs on, and nothing it does not need' {
        @(Get-ChildItem -LiteralPath (Join-Path $package 'lib/runtimes') -Directory).Name | Sort-Object |
            Should -Be @('linux-arm64', 'linux-musl-x64', 'linux-x64', 'osx-arm64', 'osx-x64', 'win-arm64', 'win-x64')
        Get-ChildItem -LiteralPath $package -Recurse -File -Include '*.pdb', '*.deps.json', '*.xml' |
            Where-Object Name -NE 'CleanupTools.PowerShell.dll-Help.xml' | Should -BeNullOrEmpty
        $size = (Get-ChildItem -LiteralPath $package -Recurse -File | Measure-Object -Property Length -Sum).Sum
        $size | Should -BeLessThan 20MB
    }

    It 'rewrites the manifest paths for the package layout and keeps everything else' {
        $packaged = Import-PowerShellDataFile -LiteralPath (Join-Path $package 'CleanupTools.psd1')
        $packaged.RootModule | Should -Be 'CleanupTools.psm1'
        $packaged.FormatsToProcess | Should -Be 'CleanupTools.format.ps1xml'
        $packaged.ModuleVersion | Should -Be $manifest.ModuleVersion
        $packaged.GUID | Should -Be $manifest.GUID
        ($packaged.CmdletsToExport | Sort-Object) | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        { Test-ModuleManifest -Path (Join-Path $package 'CleanupTools.psd1') -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'The packaged module' {
    It 'imports by name from a PSModulePath directory, with help, views and native SQLite' {
        $loaded = Invoke-PwshJson -ArgumentList $version, $demo.Path -ScriptBlock {
                    param([string] $Version, [string] $Store)
                    $module = Import-Module -Name CleanupTools -RequiredVersion $Version -PassThru
                    [pscustomobject]@{
                        ModuleBase    = $module.ModuleBase
                        Commands      = @(Get-Command -Module CleanupTools | ForEach-Object Name | Sort-Object)
                        Synopsis      = (Get-Help -Name Invoke-JobCleanup).Synopsis
                        ForceHelp     = ((Get-Help -Name Invoke-JobCleanup -Parameter Force).description | Out-String).Trim()
                        About         = (Get-Help -Name about_CleanupTools | Out-String)
                        CandidateView = (Get-FormatData -TypeName CleanupTools.CleanupCandidate).FormatViewDefinition[0].Control.GetType().Name
                        Candidates    = @(Get-CleanupCandidate -BasePath $Store -WarningAction SilentlyContinue).Count
                    } | ConvertTo-Json -Compress
                }
        $loaded.ModuleBase | Should -Be $package
        $loaded.Commands | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $loaded.Synopsis | Should -Be 'Deletes the data of jobs past their retention and records it in the store.'
        $loaded.ForceHelp | Should -BeLike '*without asking for confirmation*'
        $loaded.About | Should -BeLike '*CONFIGURATION PRECEDENCE*'
        $loaded.CandidateView | Should -Be 'TableControl'
        $loaded.Candidates | Should -BeGreaterThan 0
    }

    It 'auto-loads on the first cmdlet call' {
        $loaded = Invoke-PwshJson -ArgumentList $demo.Path -ScriptBlock {
                    param([string] $Store)
                    $before = @(Get-Module -Name CleanupTools).Count
                    $policies = @(Get-RetentionPolicy -BasePath $Store)
                    [pscustomobject]@{
                        Before   = $before
                        After    = @(Get-Module -Name CleanupTools).Count
                        Policies = $policies.Count
                        TypeName = $policies[0].PSObject.TypeNames[0]
                    } | ConvertTo-Json -Compress
                }
        $loaded.Before | Should -Be 0
        $loaded.After | Should -Be 1
        $loaded.Policies | Should -BeGreaterThan 1
        $loaded.TypeName | Should -Be 'CleanupTools.RetentionPolicy'
    }

    It 'works again after Remove-Module and Import-Module, and after Import-Module -Force, help included' {
        $loaded = Invoke-PwshJson -ArgumentList $demo.Path -ScriptBlock {
                    param([string] $Store)
                    Import-Module -Name CleanupTools
                    Remove-Module -Name CleanupTools
                    $gone = $null -eq (Get-Module -Name CleanupTools)
                    Import-Module -Name CleanupTools
                    $afterReimport = @(Get-Command -Module CleanupTools).Count
                    Import-Module -Name CleanupTools -Force
                    [pscustomobject]@{
                        Gone          = $gone
                        AfterReimport = $afterReimport
                        AfterForce    = @(Get-Command -Module CleanupTools).Count
                        Holds         = @(Get-CleanupHold -BasePath $Store).Count
                        Synopsis      = (Get-Help -Name Get-CleanupHold).Synopsis
                        Contexts      = @([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -Like 'CleanupTools*').Count
                    } | ConvertTo-Json -Compress
                }
        $loaded.Gone | Should -BeTrue
        $loaded.AfterReimport | Should -Be $manifest.CmdletsToExport.Count
        $loaded.AfterForce | Should -Be $manifest.CmdletsToExport.Count
        $loaded.Holds | Should -Be 0
        $loaded.Synopsis | Should -BeLike 'Lists the holds*'
        $loaded.Contexts | Should -Be 1
    }

    It 'works in a second runspace of the same process without adding resolve handlers' {
        $loaded = Invoke-PwshJson -ArgumentList $demo.Path -ScriptBlock {
                    param([string] $Store)
                    # AssemblyLoadContext.Default.Resolving has no public list: its backing delegate is the count.
                    $field = [System.Runtime.Loader.AssemblyLoadContext].GetField('_resolving', [System.Reflection.BindingFlags]'Instance, NonPublic')
                    $handlers = { $d = $field.GetValue([System.Runtime.Loader.AssemblyLoadContext]::Default); if ($d) { $d.GetInvocationList().Count } else { 0 } }
                    $initial = & $handlers
                    Import-Module -Name CleanupTools
                    $first = @(Get-CleanupCandidate -BasePath $Store -WarningAction SilentlyContinue).Count
                    $pool = [runspacefactory]::CreateRunspacePool(1, 2)
                    $pool.Open()
                    $results = foreach ($i in 1..2) {
                        $ps = [powershell]::Create()
                        $ps.RunspacePool = $pool
                        $null = $ps.AddScript({
                                param($Store)
                                Import-Module -Name CleanupTools
                                @(Get-CleanupCandidate -BasePath $Store -WarningAction SilentlyContinue).Count
                            }).AddArgument($Store)
                        $ps.Invoke()
                        $ps.Dispose()
                    }
                    $pool.Dispose()
                    $job = Start-ThreadJob -ScriptBlock { param($Store) Import-Module -Name CleanupTools; [CleanupTools.JobStatus]::Completed.ToString(); @(Get-RetentionPolicy -BasePath $Store).Count } -ArgumentList $Store
                    $threadJob = @($job | Wait-Job | Receive-Job)
                    [pscustomobject]@{
                        HandlersAdded = (& $handlers) - $initial
                        First         = $first
                        Pool          = @($results)
                        ThreadJob     = $threadJob
                        Contexts      = @([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -Like 'CleanupTools*').Count
                    } | ConvertTo-Json -Compress
                }
        $loaded.HandlersAdded | Should -Be 0
        $loaded.First | Should -BeGreaterThan 0
        $loaded.Pool | Should -Be @($loaded.First, $loaded.First)
        $loaded.ThreadJob[0] | Should -Be 'Completed'
        $loaded.ThreadJob[1] | Should -BeGreaterThan 1
        $loaded.Contexts | Should -Be 1
    }
}

Describe 'Side by side with other versions of its packages' {
    It 'works with <AssemblyName> <PackageVersion> loaded in the default context <Order>' -ForEach @(
        foreach ($conflict in $conflicts) {
            @{ Order = 'before the module' } + $conflict
            @{ Order = 'after the module' } + $conflict
        }
    ) {
        $assembly = Get-TestPackageAssembly -PackageId $PackageId -Version $PackageVersion -Framework $Framework -AssemblyName $AssemblyName
        $loaded = Invoke-PwshJson -ArgumentList $demo.Path, $assembly, $Probe, ($Order -eq 'before the module') -ScriptBlock {
                    param([string] $Store, [string] $Other, [string] $ProbeType, [bool] $OtherFirst)
                    $useOther = {
                        Add-Type -LiteralPath $Other
                        # The other version works in the default context: its own type, from its own file.
                        $type = $ProbeType -as [type]
                        $null = [Activator]::CreateInstance($type)
                        $type.Assembly
                    }
                    if ($OtherFirst) { $otherAssembly = & $useOther }
                    Import-Module -Name CleanupTools
                    $candidates = @(Get-CleanupCandidate -BasePath $Store -WarningAction SilentlyContinue).Count
                    $yaml = Join-Path ([IO.Path]::GetTempPath()) ("policy-{0}.yaml" -f [guid]::NewGuid())
                    Export-RetentionPolicy -BasePath $Store -Path $yaml
                    $exported = (Get-Item -LiteralPath $yaml).Length
                    # Reading a policy file is what YamlDotNet is there for; -WhatIf keeps the store as it is.
                    Import-RetentionPolicy -BasePath $Store -Path $yaml -WhatIf
                    Remove-Item -LiteralPath $yaml
                    # A store that is not there still makes the module load its Npgsql to try it.
                    try { $null = Get-RetentionPolicy -ConnectionString 'Host=127.0.0.1;Port=9;Database=none;Username=none;Timeout=1' } catch { $null = $_ }
                    if (-not $OtherFirst) { $otherAssembly = & $useOther }
                    $ours = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -Like 'CleanupTools*' |
                        ForEach-Object Assemblies | Where-Object { $_.GetName().Name -eq $otherAssembly.GetName().Name }
                    [pscustomobject]@{
                        Candidates   = $candidates
                        Exported     = $exported
                        OtherVersion = $otherAssembly.GetName().Version.ToString()
                        OtherContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($otherAssembly).Name
                        OurVersion   = if ($ours) { $ours.GetName().Version.ToString() } else { $null }
                    } | ConvertTo-Json -Compress
                }
        $loaded.Candidates | Should -BeGreaterThan 0
        $loaded.Exported | Should -BeGreaterThan 0
        $loaded.OtherVersion | Should -BeLike "$($PackageVersion.Split('.')[0]).*"
        $loaded.OtherContext | Should -Be 'Default'
        # The module used its own version, in its own context, before or after the other one arrived.
        $loaded.OurVersion | Should -Not -BeNullOrEmpty
        $loaded.OurVersion | Should -Not -Be $loaded.OtherVersion
    }
}
