#Requires -Version 7.4
# build.ps1 -Task Package and the module folder it writes, loaded the way an installed module is: from a
# PSModulePath directory, in a separate pwsh process (the packaged DLL has the same identity as the one the
# other specs load from out/bin, and one process cannot load both).

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $repo = Get-RepoRoot
    $pwsh = (Get-Process -Id $PID).Path
    $manifest = Import-PowerShellDataFile -LiteralPath (Get-ManifestPath)
    $version = $manifest.ModuleVersion
    $package = [IO.Path]::GetFullPath((Join-Path $repo "out/CleanupTools/$version"))

    & $pwsh -NoProfile -NonInteractive -File (Join-Path $repo 'build.ps1') -Task Package -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) { throw "build.ps1 -Task Package failed with exit code $LASTEXITCODE." }

    $demo = New-DemoStore -Path (Join-Path $TestDrive 'package') -Configuration $Configuration
    $probe = {
        param([string] $ModuleDirectory, [string] $Version, [string] $Store)
        $ErrorActionPreference = 'Stop'
        [cultureinfo]::CurrentUICulture = 'en-US'
        $env:PSModulePath = $ModuleDirectory + [IO.Path]::PathSeparator + $env:PSModulePath
        Get-ChildItem Env: | Where-Object Name -Match '^(CLEANUPTOOLS_|EEMT_|TEMP_STORAGE_CLEANUP_)' |
            ForEach-Object { [Environment]::SetEnvironmentVariable($_.Name, $null) }
        $module = Import-Module -Name CleanupTools -RequiredVersion $Version -PassThru
        [pscustomobject]@{
            ModuleBase    = $module.ModuleBase
            ManifestValid = $null -ne (Test-ModuleManifest -Path (Join-Path $module.ModuleBase 'CleanupTools.psd1'))
            Commands      = @(Get-Command -Module CleanupTools | ForEach-Object Name | Sort-Object)
            Synopsis      = (Get-Help -Name Invoke-JobCleanup).Synopsis
            ForceHelp     = ((Get-Help -Name Invoke-JobCleanup -Parameter Force).description | Out-String).Trim()
            ExampleCount  = @((Get-Help -Name Get-CleanupCandidate -Examples).examples.example).Count
            About         = (Get-Help -Name about_CleanupTools | Out-String)
            CandidateView = (Get-FormatData -TypeName CleanupTools.CleanupCandidate).FormatViewDefinition[0].Control.GetType().Name
            Candidates    = @(Get-CleanupCandidate -BasePath $Store).Count
        } | ConvertTo-Json -Compress
    }
    $json = & $pwsh -NoProfile -NonInteractive -Command $probe -args (Join-Path $repo 'out'), $version, $demo.Path
    if ($LASTEXITCODE -ne 0) { throw "The packaged module could not be used: $json" }
    $loaded = ($json -join "`n") | ConvertFrom-Json
}

Describe 'build.ps1 -Task Package' {
    It 'rejects an unknown task' {
        { & (Join-Path $repo 'build.ps1') -Task Deploy } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'writes out/CleanupTools/<version> with the binaries, views and help' {
        foreach ($file in 'CleanupTools.psd1', 'CleanupTools.PowerShell.dll', 'Dependencies/CleanupTools.Engine.dll', 'Dependencies/Microsoft.Data.Sqlite.dll',
            'CleanupTools.format.ps1xml', 'en-US/CleanupTools.PowerShell.dll-Help.xml', 'en-US/about_CleanupTools.help.txt') {
            Join-Path $package $file | Should -Exist
        }
        Join-Path $package 'Dependencies/runtimes' | Should -Exist
        # The engine beside the cmdlet assembly would load in the default context and defeat the isolation.
        Join-Path $package 'CleanupTools.Engine.dll' | Should -Not -Exist
        Get-ChildItem -LiteralPath $package -Recurse -Filter '*.pdb' | Should -BeNullOrEmpty
    }

    It 'rewrites the manifest paths for the package layout and keeps everything else' {
        $packaged = Import-PowerShellDataFile -LiteralPath (Join-Path $package 'CleanupTools.psd1')
        $packaged.RootModule | Should -Be 'CleanupTools.PowerShell.dll'
        $packaged.FormatsToProcess | Should -Be 'CleanupTools.format.ps1xml'
        $packaged.ModuleVersion | Should -Be $manifest.ModuleVersion
        $packaged.GUID | Should -Be $manifest.GUID
        ($packaged.CmdletsToExport | Sort-Object) | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        # Test-ModuleManifest ran in the child process, which may load the packaged assembly.
        $loaded.ManifestValid | Should -BeTrue
    }
}

Describe 'The packaged module' {
    It 'imports by name from a PSModulePath directory' {
        $loaded.ModuleBase | Should -Be $package
        $loaded.Commands | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'serves cmdlet help from the MAML file' {
        $loaded.Synopsis | Should -Be 'Deletes the data of jobs past their retention and records it in the store.'
        $loaded.ForceHelp | Should -BeLike '*without asking for confirmation*'
        $loaded.ExampleCount | Should -BeGreaterOrEqual 3
    }

    It 'serves the about_CleanupTools topic' {
        $loaded.About | Should -BeLike '*CONFIGURATION PRECEDENCE*'
        $loaded.About | Should -BeLike '*Get-CleanupCandidate | Invoke-JobCleanup -Force*'
    }

    It 'loads its views and its native SQLite library' {
        $loaded.CandidateView | Should -Be 'TableControl'
        $loaded.Candidates | Should -BeGreaterThan 0
    }
}
