(globalThis.log ||= []).push('sync');
