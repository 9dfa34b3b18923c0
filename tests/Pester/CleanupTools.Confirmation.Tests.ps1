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
    ) {
        $before = Get-StoreSnapshot -Path $demo.Path
        $answered = Invoke-WithAnswer -Answer 'No' -ArgumentList $demo.Path, $job, $holdId -ScriptBlock $Script
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
