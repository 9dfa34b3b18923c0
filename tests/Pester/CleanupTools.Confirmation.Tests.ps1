#Requires -Version 7.4
# -Confirm answered by a user (a host whose PromptForChoice answers), for every cmdlet that changes state: "Yes" acts,
# "No" leaves the store byte-identical; High-impact cmdlets ask without -Confirm, and -Force skips the question.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Confirmation' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'confirm') -Configuration $Configuration
        # A first write migrates the store; every case below starts from a store that has its tables already.
        $setup = Invoke-WithAnswer -Answer 'Yes' -ArgumentList $demo.Path -ScriptBlock {
            param($Store)
            $job = (Get-CleanupCandidate -BasePath $Store -WarningAction SilentlyContinue)[0].JobId
            $hold = Add-CleanupHold -BasePath $Store -JobId $job -Reason 'setup' -WarningAction SilentlyContinue
            [pscustomobject]@{ Job = $job; Hold = $hold.Id }
        }
        $setup.Errors | Should -BeNullOrEmpty
        $job = $setup.Output[0].Job
        $holdId = $setup.Output[0].Hold
    }

    It '<Name> asks, and "No" changes nothing' -ForEach @(
        @{ Name = 'Invoke-JobCleanup'; Script = { param($Store, $Job, $Hold) Invoke-JobCleanup -BasePath $Store -Confirm } }
        @{ Name = 'Set-RetentionPolicy'; Script = { param($Store, $Job, $Hold) Set-RetentionPolicy -BasePath $Store -Name failed_jobs -RetentionDays 3 -Confirm } }
        @{ Name = 'Reset-RetentionPolicy'; Script = { param($Store, $Job, $Hold) Reset-RetentionPolicy -BasePath $Store -Confirm } }
        @{ Name = 'Add-CleanupHold'; Script = { param($Store, $Job, $Hold) Add-CleanupHold -BasePath $Store -JobId $Job -Reason 'asked' -Confirm } }
        @{ Name = 'Remove-CleanupHold'; Script = { param($Store, $Job, $Hold) Remove-CleanupHold -BasePath $Store -Id $Hold -Confirm } }
        @{ Name = 'Remove-CleanupHold without -Confirm (High impact)'; Script = { param($Store, $Job, $Hold) Remove-CleanupHold -BasePath $Store -Id $Hold } }
        @{ Name = 'Invoke-JobCleanup without -Confirm (High impact)'; Script = { param($Store, $Job, $Hold) Invoke-JobCleanup -BasePath $Store } }
        @{ Name = 'Import-RetentionPolicy'; Script = {
                param($Store, $Job, $Hold)
                $file = Join-Path ([IO.Path]::GetTempPath()) ("policy-{0}.yaml" -f [guid]::NewGuid())
                Set-Content -LiteralPath $file -Value "retention:`n  successful_jobs:`n    days: 3`n"
                try { Import-RetentionPolicy -BasePath $Store -Path $file -Confirm } finally { Remove-Item -LiteralPath $file }
            }
        }
        @{ Name = 'Export-RetentionPolicy'; Script = {
                param($Store, $Job, $Hold)
                Export-RetentionPolicy -BasePath $Store -Path (Join-Path $Store 'exported.yaml') -Confirm
            }
        }
    ) {
        $before = Get-StoreSnapshot -Path $demo.Path
        $answered = Invoke-WithAnswer -Answer 'No' -ArgumentList $demo.Path, $job, $holdId -ScriptBlock $Script
        $answered.Errors | Should -BeNullOrEmpty
        $answered.Prompts.Count | Should -BeGreaterThan 0
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
    }

    It 'Restore-CleanupBackup asks, and "No" leaves the backup and the store as they were' {
        $prepared = Invoke-WithAnswer -Answer 'Yes' -ArgumentList $demo.Path, $job, $holdId -ScriptBlock {
            param($Store, $Job, $Hold)
            Remove-CleanupHold -BasePath $Store -Id $Hold -Force
            Invoke-JobCleanup -BasePath $Store -JobId $Job -Quarantine -Force -WarningAction SilentlyContinue
        }
        $prepared.Errors | Should -BeNullOrEmpty
        ($prepared.Output | Where-Object Outcome).Outcome | Should -Be 'Quarantined'
        $before = Get-StoreSnapshot -Path $demo.Path
        $answered = Invoke-WithAnswer -Answer 'No' -ArgumentList $demo.Path, $job -ScriptBlock {
            param($Store, $Job)
            Restore-CleanupBackup -BasePath $Store -JobId $Job -Confirm
        }
        $answered.Errors | Should -BeNullOrEmpty
        $answered.Prompts.Count | Should -BeGreaterThan 0
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
    }

    It 'Invoke-JobCleanup asks per job and "Yes" cleans exactly the job asked about first' {
        $answered = Invoke-WithAnswer -Answer 'Yes' -ArgumentList $demo.Path -ScriptBlock {
            param($Store)
            Invoke-JobCleanup -BasePath $Store -WarningAction SilentlyContinue
        }
        $answered.Errors | Should -BeNullOrEmpty
        $deleted = @($answered.Output | Where-Object Outcome -eq 'Deleted')
        $deleted.Count | Should -BeGreaterThan 1
        # One question per job acted on, each naming the job.
        $answered.Prompts.Count | Should -Be $deleted.Count
        foreach ($result in $deleted) { @($answered.Prompts | Where-Object { $_ -like "*$($result.JobId)*" }).Count | Should -Be 1 }
    }

    It '-Force asks nothing and acts' {
        $answered = Invoke-WithAnswer -Answer 'No' -ArgumentList $demo.Path -ScriptBlock {
            param($Store)
            Invoke-JobCleanup -BasePath $Store -Force -WarningAction SilentlyContinue
        }
        $answered.Prompts | Should -BeNullOrEmpty
        @($answered.Output | Where-Object Outcome -eq 'Deleted').Count | Should -BeGreaterThan 1
    }

    It '<Name> with "Yes" acts' -ForEach @(
        @{ Name = 'Set-RetentionPolicy'; Script = { param($Store, $Job, $Hold) Set-RetentionPolicy -BasePath $Store -Name failed_jobs -RetentionDays 3 -Confirm; (Get-RetentionPolicy -BasePath $Store -Name failed_jobs).RetentionHours }; Expected = 72 }
        @{ Name = 'Remove-CleanupHold'; Script = { param($Store, $Job, $Hold) Remove-CleanupHold -BasePath $Store -Id $Hold; @(Get-CleanupHold -BasePath $Store).Count }; Expected = 0 }
    ) {
        $answered = Invoke-WithAnswer -Answer 'Yes' -ArgumentList $demo.Path, $job, $holdId -ScriptBlock $Script
        $answered.Errors | Should -BeNullOrEmpty
        $answered.Prompts.Count | Should -Be 1
        $answered.Output[-1] | Should -Be $Expected
    }
}
