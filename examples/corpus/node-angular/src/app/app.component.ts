import { Component } from '@angular/core';
@Component({ selector: 'app-root', standalone: true, template: '<h1>Hello from Angular</h1>' })
export class AppComponent {}
